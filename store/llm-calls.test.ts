import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { createLlmCallRecorder, listLlmCalls, recordLlmCall } from './llm-calls.js';
import { createTenant, DEFAULT_TENANT_ID } from './tenants.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const call = {
  purpose: 'plan',
  provider: 'anthropic' as const,
  model: 'claude-sonnet-4-6',
  promptName: 'planner',
  promptVersion: '3',
  inputTokens: 1200,
  outputTokens: 300,
  cachedTokens: 1000,
  costUsd: 0.00555,
  latencyMs: 812,
  outcome: 'ok' as const,
  traceId: 'abc123',
};

describe('llm_calls', () => {
  it('records a call for the transaction’s tenant and lists it back', async () => {
    const recorded = await t.db.withTenant(DEFAULT_TENANT_ID, (tx) =>
      recordLlmCall(tx, { ...call, runId: 'run-1' }),
    );
    expect(recorded).toMatchObject({ ...call, tenantId: DEFAULT_TENANT_ID, runId: 'run-1', errorCode: null });
    const listed = await t.db.withTenant(DEFAULT_TENANT_ID, (tx) => listLlmCalls(tx, { runId: 'run-1' }));
    expect(listed).toEqual([recorded]);
  });

  it('keeps tenants apart and records errors with their code through the recorder port', async () => {
    const other = await createTenant(t.db.pool, 'llm-calls-other');
    const recorder = createLlmCallRecorder(t.db);
    await recorder.record({ ...call, tenantId: other.id, outcome: 'error', errorCode: 'LLM_RATE_LIMITED' });
    const theirs = await t.db.withTenant(other.id, (tx) => listLlmCalls(tx));
    expect(theirs).toEqual([expect.objectContaining({ outcome: 'error', errorCode: 'LLM_RATE_LIMITED' })]);
    const ours = await t.db.withTenant(DEFAULT_TENANT_ID, (tx) => listLlmCalls(tx));
    expect(ours.every((c) => c.tenantId === DEFAULT_TENANT_ID)).toBe(true);
  });

  it('is append-only for the application', async () => {
    const attempt = t.db.withTenant(DEFAULT_TENANT_ID, (tx) => tx.query('DELETE FROM llm_calls'));
    await expect(attempt).rejects.toThrow(/permission denied/);
  });
});
