import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkChatUser,
  linkIdentities,
  listAudit,
  listChatMessages,
  setGroupMembers,
  setPreferredReference,
} from '../../store/index.js';
import { InvalidTaskInputError, NotAnAssigneeError, TaskClosedError } from '../errors.js';
import { doc, TENANT } from '../test-support/harness.js';
import {
  ANN,
  approvalDoc,
  BOB,
  BOSS,
  CARL,
  CFO,
  createTaskHarness,
  startTask,
  type TaskHarness,
} from '../test-support/tasks.js';

const DAY = 86_400_000;
let h: TaskHarness;

beforeAll(async () => {
  h = await createTaskHarness();
});
afterAll(async () => {
  await h.close();
});

const decide = (taskId: string, by: string, decision: 'approve' | 'reject', comment?: string) =>
  h.engine.tasks.decide(TENANT, taskId, { by, decision, comment: comment ?? null, channel: 'api' });

async function finished(runId: string) {
  await h.engine.drain();
  return h.engine.getRun(TENANT, runId);
}

describe('approval requests', () => {
  it('opens a rendered task, notifies each approver, and continues at next.approved on the first decision', async () => {
    const { runId, task } = await startTask(h, approvalDoc({}));
    expect(task).toMatchObject({
      kind: 'approval',
      status: 'open',
      mode: 'any',
      title: 'Pay invoice',
      message: 'Invoice INV-7 for 1200 EUR',
      facts: [{ label: 'Vendor', value: 'Acme' }],
      assignees: [ANN, BOB],
      requireRejectComment: true,
    });
    expect((await h.engine.getRun(TENANT, runId)).status).toBe('waiting');
    const posts = h.channel.posts.filter((p) => p.taskId === task.id);
    expect(posts.map((p) => [p.recipient, p.kind])).toEqual([
      [ANN, 'opened'],
      [BOB, 'opened'],
    ]);

    const decided = await decide(task.id, BOB, 'approve', 'fine');
    expect(decided).toMatchObject({ status: 'closed', outcome: 'approved', closedBy: BOB, assignees: [] });
    const run = await finished(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('approved');
    expect(run.steps.find((s) => s.node === 'ask')?.output).toEqual({
      outcome: 'approved',
      decisions: [{ by: BOB, decision: 'approve', comment: 'fine', at: h.clock.now().toISOString() }],
    });
    const types = run.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['task.opened', 'task.decided', 'task.closed']));
    expect(h.channel.updates.filter((u) => u.taskId === task.id)).toEqual([
      { taskId: task.id, recipient: ANN, status: 'closed', outcome: 'approved' },
      { taskId: task.id, recipient: BOB, status: 'closed', outcome: 'approved' },
    ]);
    const audit = await h.tx((tx) => listAudit(tx));
    const decidedEntry = audit.find((e) => e.action === 'task.decided' && e.subject === task.id);
    expect(decidedEntry).toMatchObject({
      actor: BOB,
      detail: { channel: 'api', comment: 'fine', decision: 'approve' },
    });
  });

  it('refuses a decision after the task closed, saying the outcome and who decided', async () => {
    const { task } = await startTask(h, approvalDoc({}));
    await decide(task.id, ANN, 'reject', 'too expensive');
    const late = decide(task.id, BOB, 'approve');
    await expect(late).rejects.toThrow(TaskClosedError);
    await expect(late).rejects.toThrow(/rejected by email:ann@example.com/);
    const view = await h.engine.tasks.getTask(TENANT, task.id);
    expect(view.decisions).toHaveLength(1);
  });

  it('lets exactly one of concurrent decisions in mode any decide', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ approvers: [ANN, BOB, CARL] }));
    const results = await Promise.allSettled([
      decide(task.id, ANN, 'approve'),
      decide(task.id, BOB, 'reject', 'no'),
      decide(task.id, CARL, 'approve'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.reason).toBeInstanceOf(TaskClosedError);
    const view = await h.engine.tasks.getTask(TENANT, task.id);
    expect(view.decisions).toHaveLength(1);
    const run = await finished(runId);
    expect(run.status).toBe('completed');
    expect(run.events.filter((e) => e.type === 'step.succeeded' && e.step === 'ask#1')).toHaveLength(1);
    expect(run.events.filter((e) => e.type === 'task.closed')).toHaveLength(1);
  });

  it('records one decision when the same person decides twice', async () => {
    const { task } = await startTask(h, approvalDoc({ mode: 'all' }));
    await decide(task.id, ANN, 'approve');
    const again = await decide(task.id, ANN, 'reject', 'changed my mind');
    expect(again.status).toBe('open');
    expect(again.decisions.map((d) => [d.by, d.decision])).toEqual([[ANN, 'approve']]);
    expect(again.assignees).toEqual([BOB]);
  });
});

describe('modes', () => {
  it('all: one rejection rejects; a rejection needs a comment', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ mode: 'all', approvers: [ANN, BOB, CARL] }));
    await decide(task.id, ANN, 'approve');
    await expect(decide(task.id, BOB, 'reject')).rejects.toThrow(InvalidTaskInputError);
    expect((await h.engine.tasks.getTask(TENANT, task.id)).decisions).toHaveLength(1);
    await decide(task.id, BOB, 'reject', 'wrong amount');
    const run = await finished(runId);
    expect(run.output).toBe('rejected');
  });

  it('all: approved once everyone approved', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ mode: 'all' }));
    expect((await decide(task.id, ANN, 'approve')).status).toBe('open');
    expect((await decide(task.id, BOB, 'approve')).outcome).toBe('approved');
    expect((await finished(runId)).output).toBe('approved');
  });

  it('majority: more than half approve; rejected once a majority cannot be reached', async () => {
    const approvers = { mode: 'majority', approvers: [ANN, BOB, CARL] };
    const a = await startTask(h, approvalDoc(approvers));
    await decide(a.task.id, ANN, 'approve');
    expect((await decide(a.task.id, BOB, 'reject', 'no')).status).toBe('open');
    expect((await decide(a.task.id, CARL, 'approve')).outcome).toBe('approved');
    const b = await startTask(h, approvalDoc(approvers));
    await decide(b.task.id, ANN, 'reject', 'no');
    expect((await decide(b.task.id, BOB, 'reject', 'no')).outcome).toBe('rejected');
    expect((await finished(b.runId)).output).toBe('rejected');
  });

  it('quorum: n approvals approve; rejected as soon as n approvals became impossible', async () => {
    const node = { mode: 'quorum', quorum: 2, approvers: [ANN, BOB, CARL] };
    const a = await startTask(h, approvalDoc(node));
    expect(a.task.quorum).toBe(2);
    await decide(a.task.id, ANN, 'approve');
    expect((await decide(a.task.id, CARL, 'approve')).outcome).toBe('approved');
    const b = await startTask(h, approvalDoc(node));
    expect((await decide(b.task.id, ANN, 'reject', 'no')).status).toBe('open');
    expect((await decide(b.task.id, BOB, 'reject', 'no')).outcome).toBe('rejected');
  });

  it('sequential: one approver after another, in order; others wait for their turn', async () => {
    const { runId, task } = await startTask(
      h,
      approvalDoc({ mode: 'sequential', approvers: [ANN, BOB, CARL] }),
    );
    expect(task.assignees).toEqual([ANN]);
    expect(h.channel.posts.filter((p) => p.taskId === task.id).map((p) => p.recipient)).toEqual([ANN]);
    await expect(decide(task.id, BOB, 'approve')).rejects.toThrow(/not email:bob@example.com's turn yet/);
    expect((await decide(task.id, ANN, 'approve')).assignees).toEqual([BOB]);
    await h.engine.drain();
    expect(h.channel.posts.filter((p) => p.taskId === task.id).map((p) => p.recipient)).toEqual([ANN, BOB]);
    expect((await decide(task.id, BOB, 'approve')).assignees).toEqual([CARL]);
    expect((await decide(task.id, CARL, 'approve')).outcome).toBe('approved');
    expect((await finished(runId)).output).toBe('approved');
  });

  it('sequential: one rejection rejects', async () => {
    const { task } = await startTask(h, approvalDoc({ mode: 'sequential' }));
    await decide(task.id, ANN, 'approve');
    expect((await decide(task.id, BOB, 'reject', 'no')).outcome).toBe('rejected');
  });
});

describe('who may decide', () => {
  it('refuses someone not designated and records nothing', async () => {
    const { runId, task } = await startTask(h, approvalDoc({}));
    const outsider = decide(task.id, CARL, 'approve');
    await expect(outsider).rejects.toThrow(NotAnAssigneeError);
    await expect(outsider).rejects.toThrow(/may not act on this task/);
    expect((await h.engine.tasks.getTask(TENANT, task.id)).decisions).toEqual([]);
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.events.filter((e) => e.type === 'task.decided')).toEqual([]);
  });

  it('refuses the run requester unless allowSelfApproval', async () => {
    const { task } = await startTask(h, approvalDoc({ approvers: [BOSS, ANN] }), { requester: BOSS });
    expect(task.assignees).toEqual([ANN]);
    await expect(decide(task.id, BOSS, 'approve')).rejects.toThrow(/may not approve their own request/);
    const allowed = await startTask(h, approvalDoc({ approvers: [BOSS, ANN], allowSelfApproval: true }), {
      requester: BOSS,
    });
    expect((await decide(allowed.task.id, BOSS, 'approve')).outcome).toBe('approved');
  });

  it('accepts a decision from another identity of a designated person', async () => {
    await h.tx((tx) => linkIdentities(tx, ['email:dora@example.com', 'slack:user/UDORA']));
    const { task } = await startTask(h, approvalDoc({ approvers: ['email:dora@example.com'] }));
    const view = await decide(task.id, 'slack:user/UDORA', 'approve');
    expect(view.outcome).toBe('approved');
  });

  it('lets a delegate decide for the assignee, and the audit trail shows both', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ mode: 'all' }));
    const delegated = await h.engine.tasks.delegate(TENANT, task.id, { by: ANN, to: CARL, channel: 'web' });
    expect(delegated.assignees).toEqual([CARL, BOB]);
    expect(delegated.designated[0]).toMatchObject({ reference: ANN, delegatedTo: CARL });
    await h.engine.drain();
    expect(
      h.channel.posts.filter((p) => p.taskId === task.id && p.kind === 'delegated').map((p) => p.recipient),
    ).toEqual([CARL]);
    await expect(decide(task.id, ANN, 'approve')).rejects.toThrow(NotAnAssigneeError);
    await decide(task.id, CARL, 'approve');
    const view = await decide(task.id, BOB, 'approve');
    expect(view.outcome).toBe('approved');
    expect(view.decisions[0]).toMatchObject({ by: CARL, onBehalfOf: ANN, decision: 'approve' });
    const audit = await h.tx((tx) => listAudit(tx));
    expect(audit.find((e) => e.action === 'task.delegated' && e.subject === task.id)).toMatchObject({
      actor: ANN,
      detail: { from: [ANN], to: CARL, channel: 'web' },
    });
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.events.find((e) => e.type === 'task.decided')?.data).toMatchObject({
      by: CARL,
      onBehalfOf: [ANN],
    });
  });

  it('resolves groups when the request is made and keeps that membership', async () => {
    await h.tx((tx) => setGroupMembers(tx, 'finance', [ANN, BOB]));
    const { task } = await startTask(h, approvalDoc({ approvers: ['group:finance'] }));
    expect(task.designated).toEqual([
      { reference: ANN, viaGroup: 'finance', delegatedTo: null, active: true },
      { reference: BOB, viaGroup: 'finance', delegatedTo: null, active: true },
    ]);
    await h.tx((tx) => setGroupMembers(tx, 'finance', [CARL]));
    await expect(decide(task.id, CARL, 'approve')).rejects.toThrow(NotAnAssigneeError);
    expect((await decide(task.id, BOB, 'approve')).outcome).toBe('approved');
  });

  it('lists the open tasks of a person, under any of their identities', async () => {
    await h.tx((tx) => linkIdentities(tx, ['email:eve@example.com', 'slack:user/UEVE']));
    const { task } = await startTask(h, approvalDoc({ approvers: ['email:eve@example.com'] }));
    const mine = await h.engine.tasks.listTasks(TENANT, { assignee: 'slack:user/UEVE', status: 'open' });
    expect(mine.map((t) => t.id)).toEqual([task.id]);
  });
});

describe('email addresses in any case', () => {
  const ANN_AS_TYPED = 'email:Ann@Example.com';

  it('lets the approver a document names as email:Ann@Example.com decide as email:ann@example.com', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ approvers: [ANN_AS_TYPED, BOB] }));
    expect(task.assignees).toEqual([ANN, BOB]);
    expect(h.channel.posts.filter((p) => p.taskId === task.id).map((p) => p.recipient)).toEqual([ANN, BOB]);
    const decided = await decide(task.id, ANN, 'approve');
    expect(decided).toMatchObject({ status: 'closed', outcome: 'approved', closedBy: ANN });
    expect(decided.decisions.map((d) => d.by)).toEqual([ANN]);
    expect((await finished(runId)).output).toBe('approved');
  });

  it('accepts a decision typed in other capitals than the document, recording the address in lower case', async () => {
    const { task } = await startTask(h, approvalDoc({ approvers: [ANN_AS_TYPED], mode: 'all' }));
    const view = await decide(task.id, 'email:ANN@example.com', 'approve');
    expect(view).toMatchObject({ outcome: 'approved', closedBy: ANN });
    expect(view.decisions[0]).toMatchObject({ by: ANN, onBehalfOf: null });
  });

  it('lists the task of email:Ann@Example.com for assignee email:ann@example.com (and any other capitals)', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ approvers: [ANN_AS_TYPED] }));
    for (const assignee of [ANN, ANN_AS_TYPED, 'email:ANN@EXAMPLE.COM']) {
      const mine = await h.engine.tasks.listTasks(TENANT, { assignee, runId });
      expect(
        mine.map((t) => t.id),
        assignee,
      ).toEqual([task.id]);
    }
  });

  it('reaches the approver at the chat identity linked to their address, and accepts their decision from it', async () => {
    await h.tx((tx) => linkChatUser(tx, 'slack:user/UGUS', 'Gus@Example.COM'));
    const { task } = await startTask(h, approvalDoc({ approvers: ['email:GUS@example.com'] }));
    expect(h.channel.posts.filter((p) => p.taskId === task.id).map((p) => p.recipient)).toEqual([
      'slack:user/UGUS',
    ]);
    expect((await decide(task.id, 'slack:user/UGUS', 'approve')).outcome).toBe('approved');
  });

  it('knows a group member added as email:Bob@X.org as the approver email:bob@x.org', async () => {
    await h.tx((tx) => setGroupMembers(tx, 'purchasing', ['email:Bob@X.org']));
    const { task } = await startTask(
      h,
      approvalDoc({ approvers: ['group:purchasing', 'email:bob@x.org'], mode: 'all' }),
    );
    expect(task.designated).toEqual([
      { reference: 'email:bob@x.org', viaGroup: 'purchasing', delegatedTo: null, active: true },
    ]);
    expect((await decide(task.id, 'email:BOB@x.org', 'approve')).outcome).toBe('approved');
  });

  it('keeps the requester from approving their own request whatever the capitals', async () => {
    const named = await startTask(h, approvalDoc({ approvers: ['email:Boss@Example.com', ANN] }), {
      requester: BOSS,
    });
    expect(named.task.assignees).toEqual([ANN]);
    await expect(decide(named.task.id, 'email:BOSS@example.com', 'approve')).rejects.toThrow(
      /may not approve their own request/,
    );

    const started = await startTask(h, approvalDoc({ approvers: [BOSS, ANN] }), {
      requester: 'email:Boss@Example.com',
    });
    expect(started.task).toMatchObject({ assignees: [ANN], requester: BOSS });
    await expect(decide(started.task.id, BOSS, 'approve')).rejects.toThrow(
      /may not approve their own request/,
    );
    await expect(
      h.engine.tasks.delegate(TENANT, started.task.id, {
        by: ANN,
        to: 'email:BOSS@Example.com',
        channel: 'api',
      }),
    ).rejects.toThrow(InvalidTaskInputError);
    expect((await h.engine.tasks.getTask(TENANT, started.task.id)).decisions).toEqual([]);
  });
});

describe('notices', () => {
  it('posts to the preferred reference of each person and updates every copy when the task closes', async () => {
    await h.tx((tx) => setPreferredReference(tx, 'email:fay@example.com', 'slack:user/UFAY'));
    const { task } = await startTask(h, approvalDoc({ approvers: ['email:fay@example.com'] }));
    expect(h.channel.posts.filter((p) => p.taskId === task.id).map((p) => p.recipient)).toEqual([
      'slack:user/UFAY',
    ]);
    await h.engine.drain();
    expect(h.channel.posts.filter((p) => p.taskId === task.id)).toHaveLength(1);
    await decide(task.id, 'email:fay@example.com', 'approve');
    await h.engine.drain();
    expect(h.channel.updates.filter((u) => u.taskId === task.id)).toEqual([
      { taskId: task.id, recipient: 'slack:user/UFAY', status: 'closed', outcome: 'approved' },
    ]);
  });

  it('records the request in the run log for people no chat platform serves', async () => {
    const { runId, task } = await startTask(h, approvalDoc({ approvers: ['teams:user/t-1'] }));
    const messages = await h.tx((tx) => listChatMessages(tx, runId));
    expect(messages.map((m) => [m.recipient, m.text])).toEqual([
      ['teams:user/t-1', 'Approval requested: Pay invoice\n\nInvoice INV-7 for 1200 EUR'],
    ]);
    await decide(task.id, 'teams:user/t-1', 'approve');
    await h.engine.drain();
    const after = await h.tx((tx) => listChatMessages(tx, runId));
    expect(after.at(-1)?.text).toBe('Approval "Pay invoice": approved by teams:user/t-1.');
  });

  it('keeps a granted approval when a failed run is retried', async () => {
    const { runId, task } = await startTask(
      h,
      doc([
        {
          id: 'ask',
          type: 'approval',
          title: 'OK?',
          message: 'Go?',
          approvers: [ANN],
          next: { approved: 'details', rejected: 'no' },
        },
        {
          id: 'details',
          type: 'form',
          title: 'Details',
          message: 'Fill in',
          assignees: [BOB],
          timeout: '1d',
          fields: [{ key: 'note', label: 'Note', type: 'text' }],
          next: 'done',
        },
        { id: 'no', type: 'end', output: 'rejected' },
        { id: 'done', type: 'end', output: '{{ steps.ask.outcome }}' },
      ]),
    );
    await decide(task.id, ANN, 'approve');
    await h.engine.drain();
    h.clock.advance(DAY);
    expect((await finished(runId)).error?.code).toBe('form.timeout');
    await h.engine.retryRun(TENANT, runId);
    await h.engine.drain();
    const open = await h.engine.tasks.listTasks(TENANT, { runId, status: 'open' });
    expect(open.map((t) => t.kind)).toEqual(['form']);
    await h.engine.tasks.submit(TENANT, open[0]!.id, { by: BOB, values: {}, channel: 'api' });
    const run = await finished(runId);
    expect(run.output).toBe('approved');
    expect(run.steps.filter((s) => s.node === 'ask')).toHaveLength(1);
    expect(await h.engine.tasks.listTasks(TENANT, { runId })).toHaveLength(3);
  });

  it('closes the open task as cancelled when the run is cancelled', async () => {
    const { runId, task } = await startTask(h, approvalDoc({}));
    await h.engine.cancelRun(TENANT, runId);
    await h.engine.drain();
    const view = await h.engine.tasks.getTask(TENANT, task.id);
    expect(view).toMatchObject({ status: 'closed', outcome: 'cancelled', closedBy: 'engine' });
    expect(h.channel.updates.filter((u) => u.taskId === task.id).map((u) => u.outcome)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    await expect(decide(task.id, ANN, 'approve')).rejects.toThrow(/cancelled/);
  });
});

describe('time', () => {
  it.each([
    ['approve', 'approved', 'completed', 'approved'],
    ['reject', 'rejected', 'completed', 'rejected'],
    ['fail', 'failed', 'failed', null],
  ] as const)('onTimeout %s', async (onTimeout, outcome, status, output) => {
    const { runId, task } = await startTask(h, approvalDoc({ timeout: '3d', onTimeout }));
    expect(task.dueAt).toBe(new Date(h.clock.now().getTime() + 3 * DAY).toISOString());
    h.clock.advance(3 * DAY - 1);
    await h.engine.drain();
    expect((await h.engine.tasks.getTask(TENANT, task.id)).status).toBe('open');
    h.clock.advance(1);
    const run = await finished(runId);
    expect(run.status).toBe(status);
    expect(run.output).toBe(output);
    if (status === 'failed') expect(run.error?.code).toBe('approval.timeout');
    expect((await h.engine.tasks.getTask(TENANT, task.id)).outcome).toBe(outcome);
  });

  it('continues at next.timed_out without onTimeout, and fails with approval.timeout without either', async () => {
    const a = await startTask(
      h,
      approvalDoc({ timeout: '1d', next: { approved: 'yes', rejected: 'no', timed_out: 'late' } }),
    );
    h.clock.advance(DAY);
    expect((await finished(a.runId)).output).toBe('timed out');
    expect((await h.engine.tasks.getTask(TENANT, a.task.id)).outcome).toBe('timed_out');
    const b = await startTask(h, approvalDoc({ timeout: '1d' }));
    h.clock.advance(DAY);
    const run = await finished(b.runId);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'approval.timeout' });
    expect(run.error?.message).toContain('next.timed_out');
  });

  it('escalates on timeout to escalateTo, restarting the clock', async () => {
    const { runId, task } = await startTask(
      h,
      approvalDoc({
        timeout: '2d',
        onTimeout: 'escalate',
        escalateTo: [CFO],
        next: { approved: 'yes', rejected: 'no', timed_out: 'late' },
      }),
    );
    h.clock.advance(2 * DAY);
    await h.engine.drain();
    const escalated = await h.engine.tasks.getTask(TENANT, task.id);
    expect(escalated).toMatchObject({ status: 'open', assignees: [CFO] });
    expect(escalated.dueAt).toBe(new Date(h.clock.now().getTime() + 2 * DAY).toISOString());
    expect(escalated.designated.map((d) => [d.reference, d.active])).toEqual([
      [ANN, false],
      [BOB, false],
      [CFO, true],
    ]);
    expect(
      h.channel.posts.filter((p) => p.taskId === task.id && p.kind === 'escalated').map((p) => p.recipient),
    ).toEqual([CFO]);
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.events.map((e) => e.type)).toContain('task.escalated');
    await expect(decide(task.id, ANN, 'approve')).rejects.toThrow(NotAnAssigneeError);
    h.clock.advance(2 * DAY - 1);
    await h.engine.drain();
    expect((await decide(task.id, CFO, 'approve')).outcome).toBe('approved');
    expect((await finished(runId)).output).toBe('approved');
  });

  it('times out after the escalation clock too', async () => {
    const { runId } = await startTask(
      h,
      approvalDoc({
        timeout: '1d',
        onTimeout: 'escalate',
        escalateTo: [CFO],
        next: { approved: 'yes', rejected: 'no', timed_out: 'late' },
      }),
    );
    h.clock.advance(DAY);
    await h.engine.drain();
    h.clock.advance(DAY);
    expect((await finished(runId)).output).toBe('timed out');
  });

  it('reminds those who have not decided, at most max times', async () => {
    const { task } = await startTask(
      h,
      approvalDoc({ mode: 'all', timeout: '10d', reminders: { every: '1d', max: 2 } }),
    );
    await decide(task.id, ANN, 'approve');
    for (let day = 0; day < 4; day++) {
      h.clock.advance(DAY);
      await h.engine.drain();
    }
    const reminders = h.channel.posts.filter((p) => p.taskId === task.id && p.kind === 'reminder');
    expect(reminders.map((p) => p.recipient)).toEqual([BOB, BOB]);
    const run = await h.engine.getRun(TENANT, task.runId);
    expect(run.events.filter((e) => e.type === 'task.reminded')).toHaveLength(2);
    expect((await decide(task.id, BOB, 'approve')).outcome).toBe('approved');
  });

  it('waits 90 days without a timeout and still decides', async () => {
    const { runId, task } = await startTask(h, approvalDoc({}));
    h.clock.advance(90 * DAY);
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, runId)).status).toBe('waiting');
    expect((await decide(task.id, ANN, 'approve')).outcome).toBe('approved');
    expect((await finished(runId)).status).toBe('completed');
  });
});
