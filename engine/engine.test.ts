import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryableStepError, WorkflowInactiveError } from './errors.js';
import { createHarness, doc, type Harness, runToEnd, TENANT } from './test-support/harness.js';

let h: Harness;
let httpCalls: string[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  h = await createHarness(
    {
      http: async (input) => {
        httpCalls.push(input.stepKey);
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new RetryableStepError('http.status_503', 'Service unavailable');
        }
        return { output: { status: 200, body: { ok: true } } };
      },
    },
    5,
  );
});
afterAll(async () => {
  await h.close();
});

const http = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http',
  method: 'GET',
  url: 'https://example.com/x',
  ...extra,
});

describe('core nodes', () => {
  it('runs transform, decision and end with the run context', async () => {
    const run = await runToEnd(
      h,
      doc([
        { id: 'calc', type: 'transform', set: { total: 'trigger.amount * 2' }, next: 'check' },
        {
          id: 'check',
          type: 'decision',
          cases: [{ when: 'vars.total > 10', next: 'big' }],
          default: 'small',
        },
        { id: 'big', type: 'end', output: { size: 'big', total: '{{ vars.total }}' } },
        { id: 'small', type: 'end', output: { size: 'small' } },
      ]),
      { amount: 7 },
    );
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ size: 'big', total: 14 });
    expect(run.steps.map((s) => s.node)).toEqual(['calc', 'check', 'big']);
    expect(run.events.map((e) => e.type)).toContain('run.completed');
  });

  it('fails a run reaching an unsupported node with node.unsupported', async () => {
    const run = await runToEnd(h, doc([{ id: 'ask', type: 'llm', prompt: 'Hello' }]));
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('node.unsupported');
  });

  it('stops runaway cycles at the visit bound', async () => {
    const run = await runToEnd(
      h,
      doc([
        { id: 'again', type: 'transform', set: { n: '1' }, next: 'loop_back' },
        {
          id: 'loop_back',
          type: 'decision',
          cases: [{ when: 'vars.n == 1', next: 'again' }],
          default: 'done',
        },
        { id: 'done', type: 'end' },
      ]),
    );
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('node.visit_limit');
  });
});

describe('retries', () => {
  it('retries with backoff on the clock, then succeeds', async () => {
    httpCalls = [];
    failuresLeft = 2;
    const wf = await h.engine.createWorkflow(TENANT, doc([http('call')]));
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    expect(httpCalls).toHaveLength(1);
    h.clock.advance(999);
    await h.engine.drain();
    expect(httpCalls).toHaveLength(1);
    h.clock.advance(1);
    await h.engine.drain();
    expect(httpCalls).toHaveLength(2);
    h.clock.advance(2000);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(httpCalls).toEqual([httpCalls[0], httpCalls[0], httpCalls[0]]);
    expect(run.events.filter((e) => e.type === 'step.retry_scheduled')).toHaveLength(2);
  });

  it('follows onError after the last attempt with error in the context', async () => {
    failuresLeft = 1;
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        http('call', { retry: { maxAttempts: 1 }, onError: 'handle' }),
        { id: 'handle', type: 'end', output: { code: '{{ error.code }}', node: '{{ error.node }}' } },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ code: 'http.status_503', node: 'call' });
  });

  it('retries a failed run from its failed step, keeping earlier outputs', async () => {
    failuresLeft = 1;
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        { id: 'first', type: 'transform', set: { a: '1' }, next: 'call' },
        http('call', { retry: { maxAttempts: 1 } }),
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, started.id)).status).toBe('failed');
    await h.engine.retryRun(TENANT, started.id);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(run.steps.filter((s) => s.node === 'first')).toHaveLength(1);
  });
});

describe('waits', () => {
  it('waits for a duration on the clock', async () => {
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        { id: 'pause', type: 'wait', for: '2h', next: 'done' },
        { id: 'done', type: 'end' },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, started.id)).status).toBe('waiting');
    h.clock.advance(2 * 3600_000);
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, started.id)).status).toBe('completed');
  });

  it('waits until a time taken from the context', async () => {
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        { id: 'pause', type: 'wait', until: 'trigger.due', next: 'done' },
        { id: 'done', type: 'end', output: 'woke' },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const due = new Date(h.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual', input: { due } });
    await h.engine.drain();
    h.clock.advance(3 * 86_400_000 - 1);
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, started.id)).status).toBe('waiting');
    h.clock.advance(1);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('woke');
  });

  it('consumes an event published before the run reached the wait', async () => {
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        { id: 'pause', type: 'wait', for: '1m', next: 'paid' },
        {
          id: 'paid',
          type: 'wait',
          event: { name: 'invoice.paid', match: 'event.number == trigger.number' },
          next: 'done',
        },
        { id: 'done', type: 'end', output: '{{ steps.paid.event.amount }}' },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual', input: { number: 7 } });
    await h.engine.drain();
    await h.engine.publishEvent(TENANT, { name: 'invoice.paid', payload: { number: 8, amount: 1 } });
    await h.engine.publishEvent(TENANT, { name: 'invoice.paid', payload: { number: 7, amount: 42 } });
    h.clock.advance(60_000);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(run.output).toBe(42);
  });

  it('resumes a waiting step when the event arrives, and times out otherwise', async () => {
    const wf = await h.engine.createWorkflow(
      TENANT,
      doc([
        {
          id: 'paid',
          type: 'wait',
          event: { name: 'order.shipped', timeout: '1d' },
          onTimeout: 'late',
          next: 'done',
        },
        { id: 'done', type: 'end', output: 'shipped' },
        { id: 'late', type: 'end', output: 'late' },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, wf.id);
    const a = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    const result = await h.engine.publishEvent(TENANT, { name: 'order.shipped', payload: {} });
    expect(result.resumedSteps).toBe(1);
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, a.id)).output).toBe('shipped');
    const b = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    h.clock.advance(86_400_000);
    await h.engine.drain();
    expect((await h.engine.getRun(TENANT, b.id)).output).toBe('late');
  });
});

describe('parallel, loop, subworkflow', () => {
  it('parallel all collects branch results in order; any cancels the rest', async () => {
    const branches = [
      { nodes: [{ id: 'a', type: 'transform', set: { a: '1' } }] },
      { nodes: [{ id: 'b', type: 'wait', for: '1h' }] },
    ];
    const all = await runToEnd(
      h,
      doc([
        {
          id: 'p',
          type: 'parallel',
          branches: [
            { nodes: [{ id: 'a', type: 'transform', set: { a: '1' } }] },
            { nodes: [{ id: 'b', type: 'transform', set: { b: '2' } }] },
          ],
          next: 'done',
        },
        { id: 'done', type: 'end', output: '{{ steps.p }}' },
      ]),
    );
    expect(all.status).toBe('completed');
    expect(all.output).toEqual([{ a: 1 }, { b: 2 }]);
    const any = await runToEnd(h, doc([{ id: 'p', type: 'parallel', waitFor: 'any', branches }]));
    expect(any.status).toBe('completed');
    expect(any.steps.find((s) => s.node === 'b')?.status).toBe('cancelled');
  });

  it('loop keeps item order with concurrency', async () => {
    const run = await runToEnd(
      h,
      doc([
        {
          id: 'each',
          type: 'loop',
          items: 'trigger.list',
          as: 'x',
          concurrency: 2,
          nodes: [{ id: 'double', type: 'transform', set: { d: 'x * 2 + index' } }],
          next: 'done',
        },
        { id: 'done', type: 'end', output: '{{ steps.each }}' },
      ]),
      { list: [1, 2, 3] },
    );
    expect(run.status).toBe('completed');
    expect(run.output).toEqual([{ d: 2 }, { d: 5 }, { d: 8 }]);
  });

  it('runs a subworkflow and continues with its output', async () => {
    await h.engine.createWorkflow(
      TENANT,
      doc([{ id: 'child_end', type: 'end', output: '{{ trigger.n + 1 }}' }], { name: 'Child' }),
    );
    const run = await runToEnd(
      h,
      doc([
        { id: 'sub', type: 'subworkflow', workflow: 'Child', input: { n: 41 }, next: 'done' },
        { id: 'done', type: 'end', output: '{{ steps.sub }}' },
      ]),
    );
    expect(run.status).toBe('completed');
    expect(run.output).toBe(42);
  });
});

describe('runs', () => {
  it('cancels a waiting run', async () => {
    const wf = await h.engine.createWorkflow(TENANT, doc([{ id: 'pause', type: 'wait', for: '1h' }]));
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    await h.engine.cancelRun(TENANT, started.id);
    h.clock.advance(3600_000);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('cancelled');
    expect(run.steps[0]?.status).toBe('cancelled');
  });

  it('keeps a run on its version after the workflow is updated and deactivated', async () => {
    const version = (output: string) =>
      doc([
        { id: 'pause', type: 'wait', for: '1h', next: 'done' },
        { id: 'done', type: 'end', output },
      ]);
    const wf = await h.engine.createWorkflow(TENANT, version('v1'));
    await h.engine.activateWorkflow(TENANT, wf.id);
    const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
    await h.engine.drain();
    await h.engine.updateWorkflow(TENANT, wf.id, version('v2'));
    await h.engine.activateWorkflow(TENANT, wf.id);
    await h.engine.deactivateWorkflow(TENANT, wf.id);
    h.clock.advance(3600_000);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, started.id);
    expect(run.status).toBe('completed');
    expect(run.version).toBe(1);
    expect(run.output).toBe('v1');
    await expect(h.engine.startRun(TENANT, wf.id, { trigger: 'manual' })).rejects.toThrow(
      WorkflowInactiveError,
    );
  });

  it('cancels the child run of a subworkflow step when its parent is cancelled', async () => {
    const child = await h.engine.createWorkflow(
      TENANT,
      doc([{ id: 'slow', type: 'wait', for: '1h' }], { name: 'Slow child' }),
    );
    const parent = await h.engine.createWorkflow(
      TENANT,
      doc([
        { id: 'sub', type: 'subworkflow', workflow: 'Slow child', next: 'done' },
        { id: 'done', type: 'end' },
      ]),
    );
    await h.engine.activateWorkflow(TENANT, parent.id);
    const started = await h.engine.startRun(TENANT, parent.id, { trigger: 'manual' });
    await h.engine.drain();
    const [childRun] = await h.engine.listRuns(TENANT, { workflowId: child.id });
    expect(childRun).toMatchObject({ parentRunId: started.id, status: 'running' });
    await h.engine.cancelRun(TENANT, started.id);
    h.clock.advance(3600_000);
    await h.engine.drain();
    const cancelledChild = await h.engine.getRun(TENANT, childRun?.id as string);
    expect(cancelledChild.status).toBe('cancelled');
    expect(cancelledChild.steps.map((s) => s.status)).toEqual(['cancelled']);
    expect((await h.engine.getRun(TENANT, started.id)).status).toBe('cancelled');
  });

  it('keeps runs of one tenant invisible to another', async () => {
    const other = (
      await h.database.db.pool.query<{ id: string }>(
        `INSERT INTO tenants (name) VALUES ('other') RETURNING id`,
      )
    ).rows[0]?.id as string;
    const run = await runToEnd(h, doc([{ id: 'x', type: 'end' }]));
    await expect(h.engine.getRun(other, run.id)).rejects.toThrow(/No run/);
    expect(await h.engine.listWorkflows(other)).toEqual([]);
  });
});
