import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
// The store is wired in as the app does it; `llm/` itself only knows the recorder port.
import { createLlmCallRecorder, DEFAULT_TENANT_ID, listLlmCalls } from '../store/index.js';
import { type FakeLlmServer, reply, startFakeLlm } from '../test/fake-llm.js';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { createLlmClient } from './client.js';
import { LlmOutputInvalidError } from './errors.js';
import type { LlmConfig } from './types.js';

let fake: FakeLlmServer;
let t: TestDatabase;

beforeAll(async () => {
  fake = await startFakeLlm();
  t = await createTestDatabase();
});
afterAll(async () => {
  await fake.close();
  await t.drop();
});

function config(): LlmConfig {
  return {
    providers: [
      { name: 'anthropic', apiKey: 'k', baseUrl: fake.baseUrl('anthropic'), model: 'claude-sonnet-4-6' },
      { name: 'openai', apiKey: 'k', baseUrl: fake.baseUrl('openai'), model: 'gpt-4.1' },
    ],
    prices: {
      'claude-sonnet-4-6': { input: 3, output: 15, cached: 0.3 },
      'gpt-4.1': { input: 2, output: 8, cached: 0.5 },
    },
    timeoutMs: 2000,
    maxRetries: 0,
    maxRetryDelayMs: 1000,
  };
}

let now = 0;
const clock = {
  now: () => now,
  async sleep(ms: number) {
    now += ms;
  },
};

describe('llm_calls recording', () => {
  it('records every attempt with tokens, cost, latency, prompt and outcome', async () => {
    fake.enqueue('anthropic', reply.serverError());
    fake.enqueue(
      'openai',
      reply.object({ ok: true }, { inputTokens: 2000, outputTokens: 500, cachedTokens: 1000 }),
    );
    const client = createLlmClient({ config: config(), recorder: createLlmCallRecorder(t.db), clock });
    const result = await client.generateObject({
      tenantId: DEFAULT_TENANT_ID,
      runId: 'run-42',
      purpose: 'plan',
      prompt: { name: 'planner', version: '7' },
      schema: z.object({ ok: z.boolean() }),
      system: [{ text: 'static', cache: true }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    // 1000 uncached × $2 + 1000 cached × $0.5 + 500 out × $8, per million tokens.
    expect(result.usage).toEqual({
      inputTokens: 2000,
      outputTokens: 500,
      cachedTokens: 1000,
      costUsd: 0.0065,
    });
    const calls = await t.db.withTenant(DEFAULT_TENANT_ID, (tx) => listLlmCalls(tx, { runId: 'run-42' }));
    expect(calls.reverse()).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        outcome: 'error',
        errorCode: 'LLM_SERVER_ERROR',
        inputTokens: 0,
        costUsd: 0,
        purpose: 'plan',
        promptName: 'planner',
        promptVersion: '7',
      }),
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4.1',
        outcome: 'ok',
        errorCode: null,
        inputTokens: 2000,
        outputTokens: 500,
        cachedTokens: 1000,
        costUsd: 0.0065,
        runId: 'run-42',
        traceId: null,
      }),
    ]);
  });

  it('records an invalid answer with its usage and the code LLM_OUTPUT_INVALID', async () => {
    fake.enqueue('anthropic', reply.object({ ok: 'yes' }, { inputTokens: 100, outputTokens: 10 }));
    const client = createLlmClient({ config: config(), recorder: createLlmCallRecorder(t.db), clock });
    const attempt = client.generateObject({
      tenantId: DEFAULT_TENANT_ID,
      runId: 'run-43',
      purpose: 'plan',
      schema: z.object({ ok: z.boolean() }),
      system: [],
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(attempt).rejects.toThrow(LlmOutputInvalidError);
    const calls = await t.db.withTenant(DEFAULT_TENANT_ID, (tx) => listLlmCalls(tx, { runId: 'run-43' }));
    expect(calls).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorCode: 'LLM_OUTPUT_INVALID',
        inputTokens: 100,
        outputTokens: 10,
      }),
    ]);
  });

  it('records nothing for calls without a tenant', async () => {
    fake.enqueue('anthropic', reply.text('hello'));
    const recorded: unknown[] = [];
    const client = createLlmClient({
      config: config(),
      recorder: { record: async (c) => void recorded.push(c) },
      clock,
    });
    await client.generateText({ purpose: 'cli', system: [], messages: [{ role: 'user', content: 'hi' }] });
    expect(recorded).toEqual([]);
  });
});
