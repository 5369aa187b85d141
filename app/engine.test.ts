import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/index.js';
import { DEFAULT_TENANT_ID, listLlmCalls } from '../store/index.js';
import {
  createTestDatabase,
  type FakeLlmServer,
  reply,
  startFakeLlm,
  type TestDatabase,
} from '../test/index.js';
import { loadConfig } from './config.js';
import { createAppEngine } from './engine.js';
import { createLogger } from './logger.js';

/** `createAppEngine` runs `llm` steps with the configured providers, or says none is set. */

let database: TestDatabase;
let fake: FakeLlmServer;
let cwd: string;

beforeAll(async () => {
  [database, fake, cwd] = await Promise.all([
    createTestDatabase(),
    startFakeLlm(),
    mkdtemp(path.join(tmpdir(), 'switchboard-app-engine-')),
  ]);
});

afterAll(async () => {
  await database?.drop();
  await fake?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function appEngine(env: Record<string, string>): Promise<Engine> {
  const config = loadConfig({ env: { SWITCHBOARD_SECRET_KEY: 'ab'.repeat(32), ...env }, cwd });
  const logger = createLogger({ level: 'error', format: 'json', stream: new PassThrough() });
  return createAppEngine(config, database.db, logger);
}

const workflow = {
  schema: 'switchboard/workflow@1',
  name: 'Summarise',
  locale: 'en',
  trigger: { type: 'manual' },
  nodes: [{ id: 'summary', type: 'llm', prompt: 'Summarise: {{ trigger.text }}' }],
};

async function runOnce(engine: Engine) {
  const created = await engine.createWorkflow(DEFAULT_TENANT_ID, workflow);
  await engine.activateWorkflow(DEFAULT_TENANT_ID, created.id);
  const run = await engine.startRun(DEFAULT_TENANT_ID, created.id, {
    trigger: 'manual',
    input: { text: 'a long text' },
  });
  await engine.drain();
  return engine.getRun(DEFAULT_TENANT_ID, run.id);
}

describe('createAppEngine: llm steps', () => {
  it('fails them with llm.not_configured naming the variables when no provider is set', async () => {
    const engine = await appEngine({});
    try {
      const run = await runOnce(engine);
      expect(run.status).toBe('failed');
      expect(run.steps[0]?.error).toMatchObject({
        code: 'llm.not_configured',
        message: expect.stringContaining('ANTHROPIC_API_KEY'),
      });
    } finally {
      await engine.stop();
    }
  });

  it('runs them with the configured provider and records the call against the run', async () => {
    const engine = await appEngine({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl('openai') });
    try {
      fake.enqueue('openai', reply.text('Short.'));
      const run = await runOnce(engine);
      expect(run.status).toBe('completed');
      expect(run.steps[0]?.output).toBe('Short.');
      const calls = await database.db.withTenant(DEFAULT_TENANT_ID, (tx) =>
        listLlmCalls(tx, { runId: run.id }),
      );
      expect(calls).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });
});
