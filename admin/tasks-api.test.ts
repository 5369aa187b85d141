import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type DecideInput,
  type DelegateInput,
  InvalidTaskInputError,
  type ListTasksQuery,
  NotAnAssigneeError,
  type SubmitInput,
  TaskClosedError,
  TaskNotFoundError,
  type TaskService,
} from '../engine/index.js';
import { createApiKey, DEFAULT_TENANT_ID } from '../store/index.js';
import { createTestDatabase, type TestDatabase, taskViewFor } from '../test/index.js';
import { type RestApiEngine, restApiRoutes } from './index.js';

/** The REST task routes against a scripted task service: validation, channel, error mapping. */

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const TASK = taskViewFor();
const ANN = 'email:ann@example.com';

type Call =
  | { op: 'list'; tenantId: string; query: ListTasksQuery | undefined }
  | { op: 'get'; tenantId: string; taskId: string }
  | { op: 'decide'; tenantId: string; taskId: string; input: DecideInput }
  | { op: 'delegate'; tenantId: string; taskId: string; input: DelegateInput }
  | { op: 'submit'; tenantId: string; taskId: string; input: SubmitInput };

let calls: Call[] = [];
/** What the next service call throws, if anything. */
let failWith: Error | null = null;

const tasks: TaskService = {
  async listTasks(tenantId, query) {
    calls.push({ op: 'list', tenantId, query });
    return [TASK];
  },
  async getTask(tenantId, taskId) {
    calls.push({ op: 'get', tenantId, taskId });
    if (failWith) throw failWith;
    return TASK;
  },
  async decide(tenantId, taskId, input) {
    calls.push({ op: 'decide', tenantId, taskId, input });
    if (failWith) throw failWith;
    return { ...TASK, status: 'closed', outcome: 'approved', closedBy: input.by };
  },
  async delegate(tenantId, taskId, input) {
    calls.push({ op: 'delegate', tenantId, taskId, input });
    if (failWith) throw failWith;
    return TASK;
  },
  async submit(tenantId, taskId, input) {
    calls.push({ op: 'submit', tenantId, taskId, input });
    if (failWith) throw failWith;
    return TASK;
  },
};

let testDb: TestDatabase;
let server: Server;
let base: string;
let key: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  key = (await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => createApiKey(tx, 'test'))).key;
  const app = express();
  restApiRoutes({ db: testDb.db.pool, engine: { tasks } as unknown as RestApiEngine, logger: silent })(app);
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
  calls = [];
  failWith = null;
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  options: { raw?: string; key?: string | null } = {},
  // biome-ignore lint/suspicious/noExplicitAny: bodies are whatever the API answers; the assertions check them
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  const apiKey = options.key === undefined ? key : options.key;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  const payload = body !== undefined ? JSON.stringify(body) : options.raw;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: payload ?? null });
  return { status: response.status, body: await response.json() };
}

describe('GET /api/tasks', () => {
  it('lists the tasks of an assignee by status for the caller’s tenant', async () => {
    const { status, body } = await call('GET', `/api/tasks?assignee=${encodeURIComponent(ANN)}&status=open`);
    expect(status).toBe(200);
    expect(body.tasks).toEqual([TASK]);
    expect(calls).toEqual([
      { op: 'list', tenantId: DEFAULT_TENANT_ID, query: { assignee: ANN, status: 'open' } },
    ]);
  });

  it('answers 400 for an assignee that is not a person reference and for an unknown status', async () => {
    for (const query of [
      'assignee=group:finance',
      'assignee=ann',
      'status=pending',
      'limit=0',
      'colour=red',
    ]) {
      const { status, body } = await call('GET', `/api/tasks?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('request.invalid_query');
    }
    expect(calls).toEqual([]);
  });

  it('requires an API key', async () => {
    expect((await call('GET', '/api/tasks', undefined, { key: null })).status).toBe(401);
    expect(calls).toEqual([]);
  });
});

describe('GET /api/tasks/:id', () => {
  it('reads one task', async () => {
    const { status, body } = await call('GET', `/api/tasks/${TASK.id}`);
    expect(status).toBe(200);
    expect(body).toEqual(TASK);
  });

  it('answers 404 for an unknown task and for ids that are not ids', async () => {
    failWith = new TaskNotFoundError(TASK.id);
    const unknown = await call('GET', `/api/tasks/${TASK.id}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('task.not_found');
    const notAnId = await call('GET', '/api/tasks/42');
    expect(notAnId.status).toBe(404);
    expect(notAnId.body.error.code).toBe('task.not_found');
  });
});

describe('POST /api/tasks/:id/decide', () => {
  it('decides as `by` with channel api', async () => {
    const { status, body } = await call('POST', `/api/tasks/${TASK.id}/decide`, {
      by: ANN,
      decision: 'reject',
      comment: 'Wrong amount',
    });
    expect(status).toBe(200);
    expect(body.outcome).toBe('approved');
    expect(calls).toEqual([
      {
        op: 'decide',
        tenantId: DEFAULT_TENANT_ID,
        taskId: TASK.id,
        input: { by: ANN, decision: 'reject', comment: 'Wrong amount', channel: 'api' },
      },
    ]);
  });

  it('accepts `by` and `assignee` with an address in any capitals (the task service compares them in lower case)', async () => {
    const decided = await call('POST', `/api/tasks/${TASK.id}/decide`, {
      by: 'email:ANN@example.com',
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    const listed = await call('GET', `/api/tasks?assignee=${encodeURIComponent('email:Ann@Example.com')}`);
    expect(listed.status).toBe(200);
    expect(calls).toEqual([
      expect.objectContaining({
        op: 'decide',
        input: expect.objectContaining({ by: 'email:ANN@example.com' }),
      }),
      expect.objectContaining({ op: 'list', query: { assignee: 'email:Ann@Example.com' } }),
    ]);
  });

  it('answers 400 for malformed bodies, naming the field, without deciding', async () => {
    const cases: [unknown, string][] = [
      [{ by: ANN, decision: 'maybe' }, '/decision'],
      [{ by: 'group:finance', decision: 'approve' }, '/by'],
      [{ by: 'requester', decision: 'approve' }, '/by'],
      [{ decision: 'approve' }, '/by'],
      [{ by: ANN, decision: 'approve', channel: 'slack' }, ''],
      [{ by: ANN, decision: 'approve', comment: 7 }, '/comment'],
    ];
    for (const [body, pointer] of cases) {
      const response = await call('POST', `/api/tasks/${TASK.id}/decide`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('request.invalid');
      expect(response.body.error.details.problems.map((p: { pointer: string }) => p.pointer)).toContain(
        pointer,
      );
    }
    const malformed = await call('POST', `/api/tasks/${TASK.id}/decide`, undefined, { raw: '{"by":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('request.malformed_json');
    const missing = await call('POST', `/api/tasks/${TASK.id}/decide`);
    expect(missing.body.error.code).toBe('request.body_missing');
    expect(calls).toEqual([]);
  });

  it('answers 403 for someone who may not decide', async () => {
    failWith = new NotAnAssigneeError('bob@example.com is not an approver of this task.');
    const { status, body } = await call('POST', `/api/tasks/${TASK.id}/decide`, {
      by: 'email:bob@example.com',
      decision: 'approve',
    });
    expect(status).toBe(403);
    expect(body.error).toEqual({
      code: 'task.not_assignee',
      message: 'bob@example.com is not an approver of this task.',
    });
  });

  it('answers 409 for a closed task with the outcome and who decided', async () => {
    failWith = new TaskClosedError(TASK.id, 'rejected', 'slack:user/U0BOB', '2025-03-01T12:00:00.000Z');
    const { status, body } = await call('POST', `/api/tasks/${TASK.id}/decide`, {
      by: ANN,
      decision: 'approve',
    });
    expect(status).toBe(409);
    expect(body.error.code).toBe('task.closed');
    expect(body.error.message).toMatch(/rejected by slack:user\/U0BOB/);
    expect(body.error.details).toEqual({
      outcome: 'rejected',
      closedBy: 'slack:user/U0BOB',
      closedAt: '2025-03-01T12:00:00.000Z',
    });
  });

  it('answers 422 for a rejection without the required comment', async () => {
    failWith = new InvalidTaskInputError([{ key: 'comment', message: 'a rejection needs a comment' }]);
    const { status, body } = await call('POST', `/api/tasks/${TASK.id}/decide`, {
      by: ANN,
      decision: 'reject',
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('task.invalid_input');
    expect(body.error.details.problems).toEqual([{ key: 'comment', message: 'a rejection needs a comment' }]);
  });
});

describe('POST /api/tasks/:id/delegate', () => {
  it('delegates from `by` to `to` with channel api', async () => {
    const { status } = await call('POST', `/api/tasks/${TASK.id}/delegate`, {
      by: ANN,
      to: 'slack:user/U0CAROL',
    });
    expect(status).toBe(200);
    expect(calls).toEqual([
      {
        op: 'delegate',
        tenantId: DEFAULT_TENANT_ID,
        taskId: TASK.id,
        input: { by: ANN, to: 'slack:user/U0CAROL', channel: 'api' },
      },
    ]);
  });

  it('answers 400 when `to` is not a person', async () => {
    const { status, body } = await call('POST', `/api/tasks/${TASK.id}/delegate`, {
      by: ANN,
      to: 'slack:channel/C1',
    });
    expect(status).toBe(400);
    expect(body.error.details.problems[0].pointer).toBe('/to');
    expect(calls).toEqual([]);
  });
});

describe('POST /api/tasks/:id/submit', () => {
  it('submits the values with channel api', async () => {
    const values = { city: 'Lyon', nights: 3, refundable: false };
    const { status } = await call('POST', `/api/tasks/${TASK.id}/submit`, { by: ANN, values });
    expect(status).toBe(200);
    expect(calls).toEqual([
      {
        op: 'submit',
        tenantId: DEFAULT_TENANT_ID,
        taskId: TASK.id,
        input: { by: ANN, values, channel: 'api' },
      },
    ]);
  });

  it('answers 400 when values is not an object and 422 for values the form refuses', async () => {
    const notObject = await call('POST', `/api/tasks/${TASK.id}/submit`, { by: ANN, values: [1] });
    expect(notObject.status).toBe(400);
    failWith = new InvalidTaskInputError([{ key: 'nights', message: 'must be a number' }]);
    const refused = await call('POST', `/api/tasks/${TASK.id}/submit`, { by: ANN, values: { nights: 'x' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.problems).toEqual([{ key: 'nights', message: 'must be a number' }]);
  });
});
