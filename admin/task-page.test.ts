import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type DecideInput,
  InvalidTaskInputError,
  NotAnAssigneeError,
  type SubmitInput,
  TaskClosedError,
  type TaskService,
  type TaskView,
} from '../engine/index.js';
import { createTaskLink, DEFAULT_TENANT_ID, findTaskLink } from '../store/index.js';
import { createTestDatabase, type TestDatabase, taskViewFor } from '../test/index.js';
import { taskPageRoutes } from './task-page.js';

/** The task page of email approvals against a scripted task service and real links. */

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ANN = 'email:ann@example.com';
let now = new Date('2025-03-01T10:00:00.000Z');

let task: TaskView;
let decisions: DecideInput[];
let submissions: SubmitInput[];
/** What the next decide/submit throws, if anything. */
let failWith: Error | null;
/** Delay inside decide, to overlap concurrent requests. */
let decideDelayMs: number;

const tasks: TaskService = {
  listTasks: async () => [task],
  getTask: async () => task,
  async decide(_tenantId, _taskId, input) {
    await new Promise((resolve) => setTimeout(resolve, decideDelayMs));
    if (failWith) throw failWith;
    decisions.push(input);
    task = {
      ...task,
      status: 'closed',
      outcome: 'approved',
      closedBy: input.by,
      closedAt: now.toISOString(),
    };
    return task;
  },
  delegate: async () => task,
  async submit(_tenantId, _taskId, input) {
    if (failWith) throw failWith;
    submissions.push(input);
    return task;
  },
};

let testDb: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const app = express();
  taskPageRoutes({
    pool: testDb.db.pool,
    engine: { tasks },
    logger: silent,
    publicUrl: 'https://switchboard.example.com',
    clock: { now: () => now },
  })(app);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await testDb?.drop();
});

beforeEach(() => {
  now = new Date('2025-03-01T10:00:00.000Z');
  task = taskViewFor();
  decisions = [];
  submissions = [];
  failWith = null;
  decideDelayMs = 0;
});

async function issueLink(hours = 168): Promise<string> {
  return testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) =>
    createTaskLink(tx, {
      taskId: task.id,
      person: ANN,
      createdAt: now,
      expiresAt: new Date(now.getTime() + hours * 3_600_000),
    }),
  );
}

async function get(token: string, suffix = '') {
  const response = await fetch(`${base}/tasks/respond/${token}${suffix}`, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

async function post(token: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/tasks/respond/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token, ...fields }).toString(),
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

describe('task page: showing the task', () => {
  it('shows the open approval with Approve / Reject and a comment, escaped, under a strict CSP', async () => {
    task = taskViewFor({ facts: [{ label: 'Vendor', value: '<script>alert(1)</script>' }] });
    const token = await issueLink();
    const { status, html, headers } = await get(token);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(headers.get('content-security-policy')).toMatch(/form-action 'self'/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Approve invoice INV-7</h1>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/<label for="comment">Comment<\/label>/);
    expect(html).toContain('Required to reject');
    expect(html).toContain('<button type="submit" name="decision" value="approve"');
    expect(html).toContain('<button type="submit" name="decision" value="reject"');
    expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(html).not.toMatch(/<link|src=|https?:\/\//);
  });

  it('shows a closed task’s outcome and who decided, without controls', async () => {
    task = taskViewFor({
      status: 'closed',
      outcome: 'rejected',
      closedBy: 'email:bob@example.com',
      closedAt: '2025-03-01T09:30:00.000Z',
      decisions: [
        {
          by: 'email:bob@example.com',
          onBehalfOf: null,
          decision: 'reject',
          comment: 'Duplicate',
          at: '2025-03-01T09:30:00.000Z',
          channel: 'slack',
        },
      ],
    });
    const { status, html } = await get(await issueLink());
    expect(status).toBe(200);
    expect(html).toContain('Rejected by bob@example.com');
    expect(html).toContain('Duplicate');
    expect(html).not.toContain('<form');
  });

  it('shows the fields of a form with labels, types and required marks', async () => {
    task = taskViewFor({
      kind: 'form',
      mode: null,
      facts: [],
      fields: [
        { key: 'city', label: 'City', type: 'text', required: true },
        { key: 'nights', label: 'Nights', type: 'number', required: false },
        { key: 'refundable', label: 'Refundable', type: 'boolean', required: false },
        { key: 'from', label: 'From', type: 'date', required: true },
        { key: 'class', label: 'Class', type: 'select', options: ['economy', 'business'], required: true },
      ],
    });
    const { html } = await get(await issueLink());
    expect(html).toMatch(/<label for="field-0">City/);
    expect(html).toMatch(/<input type="text" id="field-0" name="field.city" value="" required/);
    expect(html).toMatch(/<input type="number" step="any" id="field-1" name="field.nights"/);
    expect(html).toMatch(/<input type="checkbox" id="field-2" name="field.refundable" value="true"/);
    expect(html).toMatch(/<input type="date" id="field-3" name="field.from" value="" required/);
    expect(html).toMatch(
      /<select id="field-4" name="field.class" required[^>]*><option value="">Choose…<\/option><option value="economy">/,
    );
    expect(html).toContain('value="submit"');
  });
});

describe('task page: responding', () => {
  it('approves as the link’s person through channel email, then redirects to a confirmation', async () => {
    const token = await issueLink();
    const posted = await post(token, { decision: 'approve', comment: '  Looks right ' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/tasks/respond/${token}/done`);
    expect(decisions).toEqual([{ by: ANN, decision: 'approve', comment: 'Looks right', channel: 'email' }]);
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toEqual(now);
    const done = await get(token, '/done');
    expect(done.status).toBe(200);
    expect(done.html).toContain('your response was recorded');
    expect(done.html).toContain('Approved by ann@example.com');
  });

  it('refuses a used link, showing and changing nothing', async () => {
    const token = await issueLink();
    expect((await post(token, { decision: 'approve' })).status).toBe(303);
    task = taskViewFor(); // were it open again, the link would still not work
    const page = await get(token);
    expect(page.status).toBe(410);
    expect(page.html).toContain('This link was already used');
    expect(page.html).not.toContain('<form');
    const again = await post(token, { decision: 'reject', comment: 'changed my mind' });
    expect(again.status).toBe(410);
    expect(decisions).toHaveLength(1);
  });

  it('refuses an expired link', async () => {
    const token = await issueLink(48);
    now = new Date(now.getTime() + 48 * 3_600_000);
    const page = await get(token);
    expect(page.status).toBe(410);
    expect(page.html).toContain('This link has expired');
    expect((await post(token, { decision: 'approve' })).status).toBe(410);
    expect(decisions).toEqual([]);
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toBeNull();
  });

  it('refuses forged and malformed tokens', async () => {
    await issueLink();
    const forged = 'A'.repeat(43);
    for (const token of [forged, 'nope', `${forged}x`]) {
      const page = await get(token);
      expect(page.status, token).toBe(404);
      expect(page.html).toContain('This link is not valid');
      expect((await post(token, { decision: 'approve' })).status).toBe(404);
    }
    expect(decisions).toEqual([]);
  });

  it('keeps the link when the decision is refused for a missing comment, and shows the problem', async () => {
    const token = await issueLink();
    failWith = new InvalidTaskInputError([{ key: 'comment', message: 'a rejection needs a comment' }]);
    const refused = await post(token, { decision: 'reject', comment: ' ' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('Comment: a rejection needs a comment');
    expect(refused.html).toContain('<form');
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toBeNull();
    failWith = null;
    expect((await post(token, { decision: 'reject', comment: 'Wrong vendor' })).status).toBe(303);
    expect(decisions).toEqual([{ by: ANN, decision: 'reject', comment: 'Wrong vendor', channel: 'email' }]);
  });

  it('answers a decision on a task closed meanwhile with its outcome, keeping the link', async () => {
    const token = await issueLink();
    failWith = new TaskClosedError(task.id, 'approved', 'slack:user/U0BOB', now.toISOString());
    task = { ...task };
    const tasksGet = tasks.getTask;
    let reads = 0;
    tasks.getTask = async () => {
      reads += 1;
      return reads === 1
        ? task
        : { ...task, status: 'closed', outcome: 'approved', closedBy: 'slack:user/U0BOB' };
    };
    try {
      const answer = await post(token, { decision: 'approve' });
      expect(answer.status).toBe(409);
      expect(answer.html).toContain('Your response was not recorded');
      expect(answer.html).toContain('Approved by U0BOB (Slack)');
    } finally {
      tasks.getTask = tasksGet;
    }
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toBeNull();
  });

  it('refuses someone the task service refuses, with its reason', async () => {
    const token = await issueLink();
    failWith = new NotAnAssigneeError('ann@example.com is not an approver of this task any more.');
    const answer = await post(token, { decision: 'approve' });
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('not an approver of this task any more');
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toBeNull();
  });

  it('lets one of two simultaneous posts with one link through', async () => {
    const token = await issueLink();
    decideDelayMs = 300;
    const answers = await Promise.all([
      post(token, { decision: 'approve' }),
      post(token, { decision: 'reject', comment: 'no' }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    // The second finds the link used (410), or, had it read the task late, the task closed (409).
    expect(statuses[0]).toBe(303);
    expect([409, 410]).toContain(statuses[1]);
    expect(decisions).toHaveLength(1);
  });

  it('refuses posts from another site and posts without the token in the body', async () => {
    const token = await issueLink();
    expect((await post(token, { decision: 'approve' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(token, { decision: 'approve' }, { origin: 'null' })).status).toBe(403);
    expect((await post(token, { decision: 'approve' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const withoutToken = await fetch(`${base}/tasks/respond/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
    });
    expect(withoutToken.status).toBe(404);
    expect(decisions).toEqual([]);
    expect(
      (await post(token, { decision: 'approve' }, { origin: 'https://switchboard.example.com' })).status,
    ).toBe(303);
  });

  it('answers a body it cannot read with a page, recording nothing and keeping the link', async () => {
    const token = await issueLink();
    const tooLarge = await post(token, { decision: 'reject', comment: 'x'.repeat(70_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.html).toContain('Your response could not be read');
    expect(tooLarge.html).toContain('<!doctype html>');
    expect(decisions).toEqual([]);
    expect((await post(token, { decision: 'approve' })).status).toBe(303);
  });

  it('submits a form with typed values', async () => {
    task = taskViewFor({
      kind: 'form',
      mode: null,
      fields: [
        { key: 'city', label: 'City', type: 'text', required: true },
        { key: 'nights', label: 'Nights', type: 'number', required: false },
        { key: 'refundable', label: 'Refundable', type: 'boolean', required: false },
        { key: 'note', label: 'Note', type: 'text', required: false },
      ],
    });
    const token = await issueLink();
    const answer = await post(token, { 'field.city': ' Lyon ', 'field.nights': '3', 'field.note': '' });
    expect(answer.status).toBe(303);
    expect(submissions).toEqual([
      { by: ANN, values: { city: 'Lyon', nights: 3, refundable: false }, channel: 'email' },
    ]);
  });

  it('shows form problems next to what was entered, keeping the link', async () => {
    task = taskViewFor({
      kind: 'form',
      mode: null,
      fields: [{ key: 'nights', label: 'Nights', type: 'number', required: true }],
    });
    const token = await issueLink();
    failWith = new InvalidTaskInputError([{ key: 'nights', message: 'must be a number' }]);
    const answer = await post(token, { 'field.nights': 'three' });
    expect(answer.status).toBe(422);
    expect(answer.html).toContain('Nights: must be a number');
    expect(answer.html).toContain('value="three"');
    expect((await findTaskLink(testDb.db.pool, token))?.usedAt).toBeNull();
  });
});
