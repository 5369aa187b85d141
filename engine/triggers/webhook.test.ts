import { readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import type { Engine } from '../api.js';
import { createEngine } from '../engine.js';
import { createWebhookHandler, signWebhook, verifyWebhookSignature, webhookStartKey } from './webhook.js';

const ECHO = JSON.parse(readFileSync(new URL('./fixtures/webhook-echo.json', import.meta.url), 'utf8'));

let testDb: TestDatabase;
let engine: Engine;
let server: Server;
let port: number;
let now = new Date('2030-01-01T12:00:00Z');
const clock = { now: () => now };
let workflowId: string;
let secret: string;
let inactiveId: string;
let inactiveSecret: string;

const seconds = () => Math.floor(now.getTime() / 1000);

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngine({ pool: testDb.db.pool, clock });
  workflowId = (await engine.createWorkflow(DEFAULT_TENANT_ID, ECHO)).id;
  secret = (await engine.activateWorkflow(DEFAULT_TENANT_ID, workflowId)).webhookSecret as string;
  inactiveId = (await engine.createWorkflow(DEFAULT_TENANT_ID, ECHO)).id;
  inactiveSecret = (await engine.activateWorkflow(DEFAULT_TENANT_ID, inactiveId)).webhookSecret as string;
  await engine.deactivateWorkflow(DEFAULT_TENANT_ID, inactiveId);
  const handle = createWebhookHandler({ engine, clock });
  const app = express();
  app.post('/hooks/:workflowId', (request, response) => handle(request, response, request.params.workflowId));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.close();
  await engine?.stop();
  await testDb?.drop();
});

type Reply = {
  runId?: string;
  status?: string;
  repeated?: boolean;
  error?: { code: string; message: string };
};

async function post(id: string, body: string, signature?: string): Promise<{ status: number; body: Reply }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-switchboard-signature'] = signature;
  const response = await fetch(`http://127.0.0.1:${port}/hooks/${id}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Reply };
}

async function runCount(): Promise<number> {
  const { rows } = await testDb.db.pool.query('SELECT count(*)::int AS n FROM runs');
  return rows[0].n;
}

/** Asserts the request is refused with `status`/`code` and that no run was created. */
async function expectRefused(
  request: Promise<{ status: number; body: Reply }>,
  status: number,
  code: string,
) {
  const before = await runCount();
  const { status: got, body } = await request;
  expect({ status: got, code: body.error?.code }).toEqual({ status, code });
  expect(body.error?.message).toEqual(expect.any(String));
  expect(await runCount()).toBe(before);
}

describe('webhook signature check', () => {
  const body = Buffer.from('{"a":1}');

  it('accepts its own signature and any of several v1 entries', () => {
    const header = signWebhook('s3cret', body, 1000);
    expect(verifyWebhookSignature(header, 's3cret', body, new Date(1_000_000))).toEqual({
      ok: true,
      timestamp: '1000',
    });
    const rotated = `t=1000,v1=${'0'.repeat(64)},${header.split(',')[1]}`;
    expect(verifyWebhookSignature(rotated, 's3cret', body, new Date(1_000_000)).ok).toBe(true);
  });

  it('refuses a malformed header and a signature from the future beyond the window', () => {
    expect(verifyWebhookSignature('v1=abc', 's', body, new Date(0))).toMatchObject({
      code: 'webhook.signature_invalid',
    });
    const future = signWebhook('s', body, 1000 + 301);
    expect(verifyWebhookSignature(future, 's', body, new Date(1_000_000))).toMatchObject({
      code: 'webhook.signature_expired',
    });
  });
});

/** Runs of the workflow (all of them, or those started by one signed request). */
async function runsOf(id: string, startKey?: string): Promise<string[]> {
  const { rows } = await testDb.db.pool.query(
    'SELECT id FROM runs WHERE workflow_id = $1 AND ($2::text IS NULL OR start_key = $2) ORDER BY created_at, id',
    [id, startKey ?? null],
  );
  return rows.map((row) => row.id);
}

describe('webhook start key', () => {
  it('is the same for the same timestamp and body, whatever signed them, and differs otherwise', () => {
    const body = Buffer.from('{"a":1}');
    const key = webhookStartKey('1000', body);
    expect(key).toMatch(/^webhook:[0-9a-f]{64}$/);
    expect(webhookStartKey('1000', Buffer.from('{"a":1}'))).toBe(key);
    expect(webhookStartKey('1001', body)).not.toBe(key);
    expect(webhookStartKey('1000', Buffer.from('{"a":2}'))).not.toBe(key);
  });
});

describe('POST /hooks/:workflowId, repeated', () => {
  it('answers the same signed request again with the same run, repeated, and starts nothing', async () => {
    const body = JSON.stringify({ order: 'R-1' });
    const signature = signWebhook(secret, body, seconds());
    const before = await runsOf(workflowId);
    const first = await post(workflowId, body, signature);
    const second = await post(workflowId, body, signature);
    expect(first).toMatchObject({ status: 202, body: { repeated: false } });
    expect(second).toMatchObject({ status: 202, body: { runId: first.body.runId, repeated: true } });
    expect(await runsOf(workflowId)).toEqual([...before, first.body.runId]);
    expect(await runsOf(workflowId, webhookStartKey(String(seconds()), Buffer.from(body)))).toEqual([
      first.body.runId,
    ]);
  });

  it('starts exactly one run for five copies of a request arriving at once', async () => {
    const body = JSON.stringify({ order: 'R-2' });
    const signature = signWebhook(secret, body, seconds());
    const before = (await runsOf(workflowId)).length;
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(workflowId, body, signature)));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    const runIds = new Set(replies.map((r) => r.body.runId));
    expect(runIds.size).toBe(1);
    expect(replies.filter((r) => r.body.repeated === false)).toHaveLength(1);
    expect((await runsOf(workflowId)).length).toBe(before + 1);
    await engine.drain();
    const run = await engine.getRun(DEFAULT_TENANT_ID, [...runIds][0] as string);
    expect(run.events.filter((e) => e.type === 'run.started')).toHaveLength(1);
  });

  it('starts a new run for the same body signed at another time, and for another body', async () => {
    const body = JSON.stringify({ order: 'R-3' });
    const before = (await runsOf(workflowId)).length;
    const first = await post(workflowId, body, signWebhook(secret, body, seconds()));
    const later = await post(workflowId, body, signWebhook(secret, body, seconds() + 1));
    const other = JSON.stringify({ order: 'R-4' });
    const another = await post(workflowId, other, signWebhook(secret, other, seconds()));
    for (const reply of [first, later, another]) {
      expect(reply).toMatchObject({ status: 202, body: { repeated: false } });
    }
    expect(new Set([first, later, another].map((r) => r.body.runId)).size).toBe(3);
    expect((await runsOf(workflowId)).length).toBe(before + 3);
  });
});

describe('POST /hooks/:workflowId', () => {
  it('accepts a signed request with 202 and the run id; the body becomes `trigger`', async () => {
    const body = JSON.stringify({ order: 'A-17' });
    const { status, body: reply } = await post(workflowId, body, signWebhook(secret, body, seconds()));
    expect(status).toBe(202);
    expect(reply.runId).toEqual(expect.any(String));
    await engine.drain();
    const run = await engine.getRun(DEFAULT_TENANT_ID, reply.runId as string);
    expect(run).toMatchObject({
      trigger: 'webhook',
      input: { order: 'A-17' },
      status: 'completed',
      output: { order: 'A-17' },
    });
  });

  it('refuses a request without a signature', async () => {
    await expectRefused(post(workflowId, '{}'), 401, 'webhook.signature_missing');
  });

  it('refuses a wrong signature and a body changed after signing', async () => {
    await expectRefused(
      post(workflowId, '{}', signWebhook('not-the-secret', '{}', seconds())),
      401,
      'webhook.signature_invalid',
    );
    const signed = signWebhook(secret, '{"order":"A"}', seconds());
    await expectRefused(post(workflowId, '{"order":"B"}', signed), 401, 'webhook.signature_invalid');
  });

  it('refuses a signature older than 5 minutes', async () => {
    const body = '{"order":"late"}';
    await expectRefused(
      post(workflowId, body, signWebhook(secret, body, seconds() - 301)),
      401,
      'webhook.signature_expired',
    );
  });

  it('refuses the replay of a request once its timestamp is old', async () => {
    const body = '{"order":"once"}';
    const signature = signWebhook(secret, body, seconds());
    expect((await post(workflowId, body, signature)).status).toBe(202);
    const saved = now;
    now = new Date(now.getTime() + 6 * 60_000);
    try {
      await expectRefused(post(workflowId, body, signature), 401, 'webhook.signature_expired');
    } finally {
      now = saved;
    }
  });

  it('refuses a body over 1 MiB with 413, while it is still arriving', async () => {
    const big = JSON.stringify({ order: 'x'.repeat(1024 * 1024) });
    await expectRefused(
      post(workflowId, big, signWebhook(secret, big, seconds())),
      413,
      'webhook.body_too_large',
    );
    // Without Content-Length (chunked): the count while streaming stops it.
    const before = await runCount();
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/hooks/${workflowId}`,
          method: 'POST',
          headers: { 'x-switchboard-signature': signWebhook(secret, big, seconds()) },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(await runCount()).toBe(before);
  });

  it('answers 404 for an unknown workflow, a malformed id and a workflow without a webhook trigger', async () => {
    const body = '{}';
    await expectRefused(
      post('00000000-0000-4000-8000-000000000000', body, signWebhook(secret, body, seconds())),
      404,
      'webhook.not_found',
    );
    await expectRefused(post('nope', body), 404, 'webhook.not_found');
    const manual = await engine.createWorkflow(DEFAULT_TENANT_ID, { ...ECHO, trigger: { type: 'manual' } });
    await engine.activateWorkflow(DEFAULT_TENANT_ID, manual.id);
    await expectRefused(
      post(manual.id, body, signWebhook(secret, body, seconds())),
      404,
      'webhook.not_found',
    );
  });

  it('answers 409 for an inactive workflow (correctly signed)', async () => {
    const body = '{}';
    await expectRefused(
      post(inactiveId, body, signWebhook(inactiveSecret, body, seconds())),
      409,
      'workflow.inactive',
    );
  });

  it('answers 400 for a signed body that is not JSON', async () => {
    const body = 'order=A-17';
    await expectRefused(
      post(workflowId, body, signWebhook(secret, body, seconds())),
      400,
      'webhook.body_not_json',
    );
  });
});
