import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmailTaskChannel,
  createEngine,
  createNotifierRegistry,
  createRunLogChannel,
  type Engine,
} from '../engine/index.js';
import { createApiKey, DEFAULT_TENANT_ID, withTenant } from '../store/index.js';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { type SmtpSink, startSmtpSink } from '../test/smtp-sink.js';
import { restApiRoutes, taskPageRoutes } from './index.js';

/**
 * Email approvals end to end: a workflow asks `email:ann@example.com`; the mail arrives at the
 * local SMTP sink; its link's page approves; the run continues to completion; the link then
 * works no more. Expired and forged links are refused.
 */

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const APPROVAL = fixture('email-approval.json');
const FORM = fixture('email-form.json');
const TTL_HOURS = 24;

let testDb: TestDatabase;
let sink: SmtpSink;
let engine: Engine;
let server: Server;
let base: string;
let workflowId: string;
let apiKey: string;
let time = Date.parse('2100-01-01T00:00:00Z');
const clock = { now: () => new Date(time) };

beforeAll(async () => {
  [testDb, sink] = await Promise.all([createTestDatabase(), startSmtpSink()]);
  const app = express();
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const inTenant = ((tenantId, fn) => withTenant(testDb.db.pool, tenantId, fn)) as Parameters<
    typeof createRunLogChannel
  >[0];
  const notifier = createNotifierRegistry(createRunLogChannel(inTenant));
  notifier.registerTaskChannel(
    ['email'],
    createEmailTaskChannel({
      smtpUrl: sink.url,
      from: 'Switchboard <robot@acme.example>',
      publicUrl: base,
      linkTtlHours: TTL_HOURS,
      withTenant: inTenant,
      clock,
    }),
  );
  engine = createEngine({ pool: testDb.db.pool, clock, notifier });
  taskPageRoutes({ pool: testDb.db.pool, engine, logger: silent, clock, publicUrl: base })(app);
  restApiRoutes({ db: testDb.db.pool, engine, logger: silent })(app);
  apiKey = (await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => createApiKey(tx, 'test'))).key;
  workflowId = (await engine.createWorkflow(DEFAULT_TENANT_ID, APPROVAL)).id;
  await engine.activateWorkflow(DEFAULT_TENANT_ID, workflowId);
});

afterAll(async () => {
  server?.close();
  await engine?.stop();
  await sink?.close();
  await testDb?.drop();
});

/** Starts a run and waits for its request mail; returns the run and the link in the mail. */
async function requestApproval(item: string): Promise<{ runId: string; link: string }> {
  const before = sink.messages.length;
  const run = await engine.startRun(DEFAULT_TENANT_ID, workflowId, {
    trigger: 'manual',
    input: { item, price: 120 },
  });
  await engine.drain();
  expect((await engine.getRun(DEFAULT_TENANT_ID, run.id)).status).toBe('waiting');
  const mails = sink.messages.slice(before);
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.envelope.to).toEqual(['ann@example.com']);
  expect(mail.subject).toBe('Approval requested: Approve a purchase');
  expect(mail.text).toContain(`Please approve buying ${item}.`);
  expect(mail.text).toContain('- Price: 120 EUR');
  const link = new RegExp(`${base}/tasks/respond/[A-Za-z0-9_-]{43}`).exec(mail.text ?? '')?.[0];
  expect(link, 'link in the mail').toBeDefined();
  return { runId: run.id, link: link as string };
}

async function open(link: string) {
  const response = await fetch(link, { redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}

async function respond(link: string, fields: Record<string, string>) {
  const token = link.slice(link.lastIndexOf('/') + 1);
  const response = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ token, ...fields }).toString(),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

// biome-ignore lint/suspicious/noExplicitAny: bodies are whatever the API answers; the assertions check them
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('email approval by link', () => {
  it('mails the link, approves on its page, continues the run, and refuses the link afterwards', async () => {
    const { runId, link } = await requestApproval('a laptop');
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Approve a purchase</h1>');
    expect(page.html).toContain('Please approve buying a laptop.');
    expect(page.html).toContain('value="approve"');

    const answer = await respond(link, { decision: 'approve', comment: 'Go ahead' });
    expect(answer.status).toBe(303);
    const done = await open(`${base}${answer.location}`);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Approved by ann@example.com');

    await engine.drain();
    const run = await engine.getRun(DEFAULT_TENANT_ID, runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ outcome: 'approved' });
    const [task] = await engine.tasks.listTasks(DEFAULT_TENANT_ID, { runId });
    expect(task?.decisions).toMatchObject([
      { by: 'email:ann@example.com', decision: 'approve', comment: 'Go ahead', channel: 'email' },
    ]);

    const reused = await open(link);
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('already used');
    expect((await respond(link, { decision: 'reject', comment: 'changed my mind' })).status).toBe(410);
    const after = await engine.tasks.listTasks(DEFAULT_TENANT_ID, { runId });
    expect(after[0]?.decisions).toHaveLength(1);
  });

  it('rejects with the required comment only, keeping the link until the rejection is recorded', async () => {
    const { runId, link } = await requestApproval('a boat');
    const bare = await respond(link, { decision: 'reject', comment: '' });
    expect(bare.status).toBe(422);
    expect((await engine.getRun(DEFAULT_TENANT_ID, runId)).status).toBe('waiting');
    expect((await respond(link, { decision: 'reject', comment: 'Not in budget' })).status).toBe(303);
    await engine.drain();
    expect((await engine.getRun(DEFAULT_TENANT_ID, runId)).status).toBe('failed');
  });

  it('refuses an expired link and changes nothing', async () => {
    const { runId, link } = await requestApproval('a chair');
    time += TTL_HOURS * 3_600_000 + 1;
    const page = await open(link);
    expect(page.status).toBe(410);
    expect(page.html).toContain('expired');
    expect((await respond(link, { decision: 'approve' })).status).toBe(410);
    await engine.drain();
    expect((await engine.getRun(DEFAULT_TENANT_ID, runId)).status).toBe('waiting');
    const [task] = await engine.tasks.listTasks(DEFAULT_TENANT_ID, { runId });
    expect(task?.decisions).toEqual([]);
  });

  it('refuses a forged link and changes nothing', async () => {
    const { runId, link } = await requestApproval('a desk');
    const forged = `${link.slice(0, -43)}${'x'.repeat(43)}`;
    expect((await open(forged)).status).toBe(404);
    expect((await respond(forged, { decision: 'approve' })).status).toBe(404);
    await engine.drain();
    expect((await engine.getRun(DEFAULT_TENANT_ID, runId)).status).toBe('waiting');
  });

  it('answers the REST task routes from the same task: list, 403 for others, idempotent once decided', async () => {
    const { runId, link } = await requestApproval('a lamp');
    const listed = await api('GET', '/api/tasks?assignee=email:ann@example.com&status=open');
    expect(listed.status).toBe(200);
    const task = listed.body.tasks.find((t: { runId: string }) => t.runId === runId);
    expect(task).toMatchObject({ kind: 'approval', status: 'open', assignees: ['email:ann@example.com'] });
    const stranger = await api('POST', `/api/tasks/${task.id}/decide`, {
      by: 'email:mallory@example.com',
      decision: 'approve',
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('task.not_assignee');
    expect((await respond(link, { decision: 'approve' })).status).toBe(303);
    // Deciding is idempotent per person: Ann again changes nothing.
    const again = await api('POST', `/api/tasks/${task.id}/decide`, {
      by: 'email:ann@example.com',
      decision: 'reject',
      comment: 'no',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: 'closed',
      outcome: 'approved',
      closedBy: 'email:ann@example.com',
    });
    expect(again.body.decisions).toHaveLength(1);
    expect((await api('GET', `/api/tasks/${task.id}`)).body).toMatchObject({
      status: 'closed',
      outcome: 'approved',
    });
  });

  it('decides over REST for an approver the document names in capitals, given by in other capitals', async () => {
    const capitals = {
      ...APPROVAL,
      name: 'Purchase approval, address in capitals',
      nodes: APPROVAL.nodes.map((node: { id: string }) =>
        node.id === 'approve' ? { ...node, approvers: ['email:Ann@Example.com'] } : node,
      ),
    };
    const id = (await engine.createWorkflow(DEFAULT_TENANT_ID, capitals)).id;
    await engine.activateWorkflow(DEFAULT_TENANT_ID, id);
    const before = sink.messages.length;
    const run = await engine.startRun(DEFAULT_TENANT_ID, id, {
      trigger: 'manual',
      input: { item: 'a desk', price: 300 },
    });
    await engine.drain();
    expect(sink.messages.slice(before).map((mail) => mail.envelope.to)).toEqual([['ann@example.com']]);

    const listed = await api('GET', '/api/tasks?assignee=email:ann@example.com&status=open');
    const task = listed.body.tasks.find((t: { runId: string }) => t.runId === run.id);
    expect(task).toMatchObject({ status: 'open', assignees: ['email:ann@example.com'] });
    const decided = await api('POST', `/api/tasks/${task.id}/decide`, {
      by: 'email:ANN@example.com',
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'closed',
      outcome: 'approved',
      closedBy: 'email:ann@example.com',
    });
    await engine.drain();
    expect((await engine.getRun(DEFAULT_TENANT_ID, run.id)).status).toBe('completed');
  });

  it('fills in a form from its link, with problems shown first, and continues the run with the values', async () => {
    const form = (await engine.createWorkflow(DEFAULT_TENANT_ID, FORM)).id;
    await engine.activateWorkflow(DEFAULT_TENANT_ID, form);
    const before = sink.messages.length;
    const run = await engine.startRun(DEFAULT_TENANT_ID, form, { trigger: 'manual', input: {} });
    await engine.drain();
    const mail = sink.messages[before];
    expect(mail?.subject).toBe('Please fill in: Your trip');
    const link = new RegExp(`${base}/tasks/respond/[A-Za-z0-9_-]{43}`).exec(mail?.text ?? '')?.[0] as string;
    const page = await open(link);
    expect(page.html).toContain('name="field.city"');
    expect(page.html).toContain('type="date"');

    const wrong = await respond(link, {
      'field.city': 'Lyon',
      'field.nights': 'three',
      'field.from': '2100-02-30',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('Nights: must be a number');
    expect(wrong.html).toMatch(/From: must be a date/);
    expect(wrong.html).toContain('value="Lyon"');

    const right = await respond(link, {
      'field.city': 'Lyon',
      'field.nights': '3',
      'field.refundable': 'true',
      'field.from': '2100-02-03',
      'field.class': 'economy',
    });
    expect(right.status).toBe(303);
    await engine.drain();
    const finished = await engine.getRun(DEFAULT_TENANT_ID, run.id);
    expect(finished.status).toBe('completed');
    expect(finished.output).toEqual({ trip: 'email:ann@example.com to Lyon' });
    const [task] = await engine.tasks.listTasks(DEFAULT_TENANT_ID, { runId: run.id });
    expect(task?.submission?.values).toEqual({
      city: 'Lyon',
      nights: 3,
      refundable: true,
      from: '2100-02-03',
      class: 'economy',
    });
  });
});
