import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/index.js';
import { createApiKey, createTenant, DEFAULT_TENANT_ID, revokeApiKey } from '../store/index.js';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { restApiRoutes } from './index.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const DOUBLE = fixture('double.json');
const ON_INVOICE = fixture('on-invoice-created.json');

let testDb: TestDatabase;
let engine: Engine;
let server: Server;
let base: string;
let key: string;
let otherKey: string;
let otherWorkflowId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngine({ pool: testDb.db.pool });
  key = (await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => createApiKey(tx, 'test'))).key;
  const other = await createTenant(testDb.db.pool, 'other');
  otherKey = (await testDb.db.withTenant(other.id, (tx) => createApiKey(tx, 'other'))).key;
  otherWorkflowId = (await engine.createWorkflow(other.id, DOUBLE)).id;
  const app = express();
  restApiRoutes({ db: testDb.db.pool, engine, logger: silent })(app);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await engine?.stop();
  await testDb?.drop();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; raw?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: bodies are whatever the API answers; the assertions check them
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  const apiKey = options.key === undefined ? key : options.key;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  let payload: string | undefined = options.raw;
  if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: payload ?? null });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function countRuns(): Promise<number> {
  const { rows } = await testDb.db.pool.query('SELECT count(*)::int AS n FROM runs');
  return rows[0].n;
}

describe('REST API authentication', () => {
  it('refuses a request without a key with 401, saying how to send one', async () => {
    const { status, body, headers } = await call('GET', '/api/workflows', undefined, { key: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe('auth.missing_key');
    expect(body.error.message).toMatch(/Authorization: Bearer/);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses another scheme', async () => {
    const { status, body } = await call('GET', '/api/workflows', undefined, {
      key: null,
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(status).toBe(401);
    expect(body.error.code).toBe('auth.malformed_header');
  });

  it('refuses an unknown key and a revoked key', async () => {
    const unknown = await call('GET', '/api/workflows', undefined, { key: `sb_live_${'A'.repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('auth.invalid_key');
    const { key: doomed, apiKey } = await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) =>
      createApiKey(tx, 'doomed'),
    );
    expect((await call('GET', '/api/workflows', undefined, { key: doomed })).status).toBe(200);
    await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => revokeApiKey(tx, apiKey.id));
    expect((await call('GET', '/api/workflows', undefined, { key: doomed })).body.error.code).toBe(
      'auth.invalid_key',
    );
  });

  it('refuses before reading the body', async () => {
    const before = await countRuns();
    const { status } = await call('POST', '/api/workflows', DOUBLE, { key: 'nope' });
    expect(status).toBe(401);
    expect(await countRuns()).toBe(before);
  });
});

describe('REST API workflows', () => {
  it('creates a workflow with version 1, lists and reads it', async () => {
    const created = await call('POST', '/api/workflows', DOUBLE);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Double a number', latestVersion: 1, active: false });
    expect(created.headers.get('location')).toBe(`/api/workflows/${created.body.id}`);
    const list = await call('GET', '/api/workflows');
    expect(list.body.workflows.map((w: { id: string }) => w.id)).toContain(created.body.id);
    expect(list.body.workflows.map((w: { id: string }) => w.id)).not.toContain(otherWorkflowId);
    const read = await call('GET', `/api/workflows/${created.body.id}`);
    expect(read.body.document).toEqual(DOUBLE);
  });

  it('answers 422 with the validator errors for an invalid document', async () => {
    const { status, body } = await call('POST', '/api/workflows', {
      ...DOUBLE,
      nodes: [{ id: 'x', type: 'nope' }],
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('workflow.invalid');
    expect(body.error.details.problems.length).toBeGreaterThan(0);
    expect(body.error.details.problems[0]).toHaveProperty('pointer');
  });

  it('answers 400 for malformed JSON and for a missing body', async () => {
    const malformed = await call('POST', '/api/workflows', undefined, { raw: '{ "name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('request.malformed_json');
    const missing = await call('POST', '/api/workflows');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('request.body_missing');
  });

  it('answers 413 for a body over the limit', async () => {
    const { status, body } = await call('POST', '/api/workflows', {
      ...DOUBLE,
      description: 'x'.repeat(1_100_000),
    });
    expect(status).toBe(413);
    expect(body.error.code).toBe('request.too_large');
  });

  it('adds a version with PUT, activates and deactivates', async () => {
    const { body: created } = await call('POST', '/api/workflows', DOUBLE);
    const updated = await call('PUT', `/api/workflows/${created.id}`, { ...DOUBLE, name: 'Double it' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ latestVersion: 2, name: 'Double it' });
    const activated = await call('POST', `/api/workflows/${created.id}/activate`, { version: 1 });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({
      workflow: { activeVersion: 1, active: true },
      webhookSecret: null,
    });
    const deactivated = await call('POST', `/api/workflows/${created.id}/deactivate`);
    expect(deactivated.body.workflow).toMatchObject({ active: false, activeVersion: null });
    const badVersion = await call('POST', `/api/workflows/${created.id}/activate`, { version: 9 });
    expect(badVersion.status).toBe(404);
    const badBody = await call('POST', `/api/workflows/${created.id}/activate`, { version: 'one' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe('request.invalid');
  });

  it("answers 404 for another tenant's workflow and for ids that are not ids, changing nothing", async () => {
    const before = await countRuns();
    for (const [method, path, body] of [
      ['GET', `/api/workflows/${otherWorkflowId}`],
      ['PUT', `/api/workflows/${otherWorkflowId}`, DOUBLE],
      ['POST', `/api/workflows/${otherWorkflowId}/activate`],
      ['POST', `/api/workflows/${otherWorkflowId}/deactivate`],
      ['POST', `/api/workflows/${otherWorkflowId}/runs`, { input: { n: 1 } }],
      ['GET', `/api/workflows/${otherWorkflowId}/runs`],
      ['GET', '/api/workflows/not-an-id'],
    ] as const) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('workflow.not_found');
    }
    expect(await countRuns()).toBe(before);
    const theirs = await call('GET', `/api/workflows/${otherWorkflowId}`, undefined, { key: otherKey });
    expect(theirs.status).toBe(200);
  });

  it('answers 404 JSON for unknown API routes', async () => {
    const { status, body } = await call('GET', '/api/nothing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});

describe('REST API runs', () => {
  it('starts a run, and reads it with status, output, steps with timings and events', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const started = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 21 } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ workflowId: workflow.id, trigger: 'manual' });
    await engine.drain();
    const { status, body } = await call('GET', `/api/runs/${started.body.id}`);
    expect(status).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.output).toEqual({ doubled: 42 });
    expect(body.steps.map((s: { node: string }) => s.node)).toEqual(['double', 'done']);
    expect(body.steps[0]).toMatchObject({ status: 'succeeded', output: { doubled: 42 } });
    expect(body.steps[0].startedAt).toEqual(expect.any(String));
    expect(body.steps[0].finishedAt).toEqual(expect.any(String));
    expect(body.events[0].type).toBe('run.started');
    expect(body.events.at(-1).type).toBe('run.completed');
    const listed = await call('GET', `/api/workflows/${workflow.id}/runs`);
    expect(listed.body.runs.map((r: { id: string }) => r.id)).toEqual([started.body.id]);
  });

  it('answers 409 when starting an inactive workflow, with no run', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    const before = await countRuns();
    const { status, body } = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 1 } });
    expect(status).toBe(409);
    expect(body.error.code).toBe('workflow.inactive');
    expect(await countRuns()).toBe(before);
  });

  it('answers 400 for unknown fields in the run request', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    const { status, body } = await call('POST', `/api/workflows/${workflow.id}/runs`, { inputs: {} });
    expect(status).toBe(400);
    expect(body.error.code).toBe('request.invalid');
  });

  it('answers a repeated Idempotency-Key with 200 and the same run, starting nothing', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const headers = { 'idempotency-key': 'order-17/attempt' };
    const first = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 17 } }, { headers });
    expect(first.status).toBe(201);
    expect(first.body.repeated).toBe(false);
    const before = await countRuns();
    const again = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 17 } }, { headers });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, repeated: true });
    expect(again.headers.get('location')).toBe(`/api/runs/${first.body.id}`);
    expect(await countRuns()).toBe(before);
    const { rows } = await testDb.db.pool.query('SELECT id, start_key FROM runs WHERE workflow_id = $1', [
      workflow.id,
    ]);
    expect(rows).toEqual([{ id: first.body.id, start_key: 'api:order-17/attempt' }]);
    const fresh = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 17 } });
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(first.body.id);
  });

  it('answers 422 for an Idempotency-Key repeated with another input, with no run', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const headers = { 'idempotency-key': 'k-1' };
    const first = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 1 } }, { headers });
    const before = await countRuns();
    const other = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 2 } }, { headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('run.start_key_reused');
    expect(other.body.error.message).toContain(first.body.id);
    expect(await countRuns()).toBe(before);
  });

  it('answers 400 for an Idempotency-Key that is empty, too long or not printable ASCII, with no run', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const before = await countRuns();
    for (const key of ['', 'k'.repeat(201), 'tab\there', 'caf\u00e9']) {
      const { status, body } = await call(
        'POST',
        `/api/workflows/${workflow.id}/runs`,
        { input: { n: 1 } },
        { headers: { 'idempotency-key': key } },
      );
      expect({ key, status, code: body.error?.code }).toEqual({
        key,
        status: 400,
        code: 'request.invalid_idempotency_key',
      });
      expect(body.error.message).toContain('Idempotency-Key');
    }
    expect(await countRuns()).toBe(before);
    const longest = await call(
      'POST',
      `/api/workflows/${workflow.id}/runs`,
      { input: { n: 1 } },
      { headers: { 'idempotency-key': 'k'.repeat(200) } },
    );
    expect(longest.status).toBe(201);
  });

  it('cancels a running run and refuses to cancel it again; refuses to retry a cancelled run', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const { body: run } = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 1 } });
    const cancelled = await call('POST', `/api/runs/${run.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await call('POST', `/api/runs/${run.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('run.invalid_state');
    const retried = await call('POST', `/api/runs/${run.id}/retry`);
    expect(retried.status).toBe(409);
  });

  it('retries a failed run from its failed step', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    // `trigger.n * 2` fails on a string, so the run fails at `double`.
    const { body: run } = await call('POST', `/api/workflows/${workflow.id}/runs`, { input: { n: 'x' } });
    await engine.drain();
    expect((await call('GET', `/api/runs/${run.id}`)).body.status).toBe('failed');
    const retried = await call('POST', `/api/runs/${run.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(run.id);
  });

  it("answers 404 for another tenant's run", async () => {
    const { body: workflow } = await call('POST', '/api/workflows', DOUBLE, { key: otherKey });
    await call('POST', `/api/workflows/${workflow.id}/activate`, undefined, { key: otherKey });
    const { body: run } = await call(
      'POST',
      `/api/workflows/${workflow.id}/runs`,
      { input: { n: 2 } },
      { key: otherKey },
    );
    for (const [method, path] of [
      ['GET', `/api/runs/${run.id}`],
      ['POST', `/api/runs/${run.id}/cancel`],
      ['POST', `/api/runs/${run.id}/retry`],
      ['GET', '/api/runs/12'],
    ] as const) {
      const response = await call(method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('run.not_found');
    }
    const theirs = await call('GET', `/api/runs/${run.id}`, undefined, { key: otherKey });
    expect(theirs.body.status).not.toBe('cancelled');
  });
});

describe('REST API events', () => {
  it('starts the active listeners of the tenant whose filter passes', async () => {
    const { body: workflow } = await call('POST', '/api/workflows', ON_INVOICE);
    await call('POST', `/api/workflows/${workflow.id}/activate`);
    const small = await call('POST', '/api/events', { name: 'invoice.created', payload: { amount: 10 } });
    expect(small.status).toBe(202);
    expect(small.body.startedRuns).toEqual([]);
    const large = await call('POST', '/api/events', { name: 'invoice.created', payload: { amount: 5000 } });
    expect(large.body.startedRuns).toHaveLength(1);
    const theirs = await call(
      'POST',
      '/api/events',
      { name: 'invoice.created', payload: { amount: 5000 } },
      { key: otherKey },
    );
    expect(theirs.body.startedRuns).toEqual([]);
    await engine.drain();
    const run = await call('GET', `/api/runs/${large.body.startedRuns[0]}`);
    expect(run.body).toMatchObject({ status: 'completed', trigger: 'event', output: { amount: 5000 } });
  });

  it('answers 400 for a bad event name and a missing body', async () => {
    const bad = await call('POST', '/api/events', { name: 'Invoice Created' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems[0].pointer).toBe('/name');
    expect((await call('POST', '/api/events')).body.error.code).toBe('request.body_missing');
  });
});
