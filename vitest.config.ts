import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{graph,store,app,engine,llm,prompts,planner,translation,bot,admin,test,demo}/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
