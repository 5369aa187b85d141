/**
 * Test harness for human tasks: an engine on a fresh database with a fake clock, the store's
 * people directory, and a recording task channel for Slack users and email (everything else goes
 * to the built-in run-log channel).
 */
import type { Json } from '../../graph/index.js';
import { createPeopleDirectory, type TenantTx, withTenant } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { Engine } from '../api.js';
import { createEngine } from '../engine.js';
import { createNotifierRegistry, createRunLogChannel } from '../notifier.js';
import type { TaskChannel, TaskNoticeKind, TaskView } from '../tasks/api.js';
import { doc, type FakeClock, fakeClock, TENANT } from './harness.js';

export interface RecordedPost {
  taskId: string;
  recipient: string;
  kind: TaskNoticeKind;
  idempotencyKey: string;
}

export interface RecordedUpdate {
  taskId: string;
  recipient: string;
  status: string;
  outcome: string | null;
}

/** A task channel that records what it was asked to do; a repeated idempotency key posts nothing new. */
export interface RecordingTaskChannel extends TaskChannel {
  posts: RecordedPost[];
  updates: RecordedUpdate[];
}

export function recordingTaskChannel(): RecordingTaskChannel {
  const posts: RecordedPost[] = [];
  const updates: RecordedUpdate[] = [];
  return {
    name: 'recording',
    posts,
    updates,
    async postTask({ task, recipient, kind, idempotencyKey }) {
      if (!posts.some((p) => p.idempotencyKey === idempotencyKey)) {
        posts.push({ taskId: task.id, recipient, kind, idempotencyKey });
      }
      return { message: idempotencyKey };
    },
    async updateTask(copy, task) {
      updates.push({
        taskId: copy.taskId,
        recipient: copy.recipient,
        status: task.status,
        outcome: task.outcome,
      });
    },
  };
}

export interface TaskHarness {
  database: TestDatabase;
  clock: FakeClock;
  engine: Engine;
  channel: RecordingTaskChannel;
  /** Runs `fn` in a transaction of the test tenant (people, groups, audit). */
  tx<R>(fn: (tx: TenantTx) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export async function createTaskHarness(): Promise<TaskHarness> {
  const database = await createTestDatabase();
  const clock = fakeClock();
  const inTenant = <R>(tenantId: string, fn: (tx: TenantTx) => Promise<R>) =>
    withTenant(database.db.pool, tenantId, fn);
  const channel = recordingTaskChannel();
  const notifier = createNotifierRegistry(createRunLogChannel(inTenant));
  notifier.registerTaskChannel(['slack_user', 'email'], channel);
  const engine = createEngine({
    pool: database.db.pool,
    clock,
    directory: createPeopleDirectory(inTenant),
    notifier,
  });
  return {
    database,
    clock,
    engine,
    channel,
    tx: (fn) => inTenant(TENANT, fn),
    async close() {
      await engine.stop();
      await database.drop();
    },
  };
}

export const ANN = 'email:ann@example.com';
export const BOB = 'email:bob@example.com';
export const CARL = 'email:carl@example.com';
export const BOSS = 'email:boss@example.com';
export const CFO = 'email:cfo@example.com';

/** An approval step `ask` continuing at `yes` (output "approved") / `no` / `late` (when `next.timed_out` is `late`). */
export function approvalDoc(fields: Record<string, unknown>): unknown {
  return doc([
    {
      id: 'ask',
      type: 'approval',
      title: 'Pay invoice',
      message: 'Invoice {{ trigger.number }} for {{ trigger.amount }} EUR',
      fields: [{ label: 'Vendor', value: '{{ trigger.vendor }}' }],
      approvers: [ANN, BOB],
      next: { approved: 'yes', rejected: 'no' },
      ...fields,
    },
    { id: 'yes', type: 'end', output: 'approved' },
    { id: 'no', type: 'end', output: 'rejected' },
    ...((fields.next as { timed_out?: string } | undefined)?.timed_out === 'late'
      ? [{ id: 'late', type: 'end', output: 'timed out' }]
      : []),
  ]);
}

export const INVOICE: Json = { number: 'INV-7', amount: 1200, vendor: 'Acme' };

/** Creates and runs `document` until it waits; returns the run id and its (single) open task. */
export async function startTask(
  h: TaskHarness,
  document: unknown,
  options: { requester?: string; input?: Json } = {},
): Promise<{ runId: string; task: TaskView }> {
  const wf = await h.engine.createWorkflow(TENANT, document);
  await h.engine.activateWorkflow(TENANT, wf.id);
  const run = await h.engine.startRun(TENANT, wf.id, {
    trigger: 'manual',
    input: options.input ?? INVOICE,
    requester: options.requester ?? null,
  });
  await h.engine.drain();
  const [task] = await h.engine.tasks.listTasks(TENANT, { runId: run.id });
  return { runId: run.id, task: task as TaskView };
}
