import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import type { Engine, ExecutorTable } from './api.js';
import { createEngine } from './engine.js';
import { Runtime } from './runtime.js';
import { doc, fakeClock, TENANT } from './test-support/harness.js';

/**
 * Inline steps (runtime.ts): a step job runs the transform, decision and end steps that follow
 * its own in the same transaction, up to `inlineStepsPerJob`, recording each like a job would.
 */

let database: TestDatabase;
const engines: Engine[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const engine of engines) await engine.stop();
  await database.drop();
});

function engineWith(inlineStepsPerJob?: number, executors: ExecutorTable = {}): Engine {
  const engine = createEngine({
    pool: database.db.pool,
    clock: fakeClock(),
    executors,
    config: inlineStepsPerJob === undefined ? {} : { inlineStepsPerJob },
  });
  engines.push(engine);
  return engine;
}

/** A chain of `n` transforms (`s1`…), each adding one to the output of the step before. */
function chainOf(n: number, end = true): unknown {
  return doc([
    ...Array.from({ length: n }, (_, i) => ({
      id: `s${i + 1}`,
      type: 'transform',
      set: { n: i === 0 ? '1' : `steps.s${i}.n + 1` },
      ...(i + 1 < n || end ? { next: i + 1 < n ? `s${i + 2}` : 'done' } : {}),
    })),
    ...(end
      ? [{ id: 'done', type: 'end', output: { total: '{{ vars.n }}', first: '{{ steps.s1.n }}' } }]
      : []),
  ]);
}

async function start(engine: Engine, document: unknown): Promise<string> {
  const wf = await engine.createWorkflow(TENANT, document);
  await engine.activateWorkflow(TENANT, wf.id);
  return (await engine.startRun(TENANT, wf.id, { trigger: 'manual' })).id;
}

describe('inline steps', () => {
  it('runs a chain of core steps in one job, recording every step and its events', async () => {
    const engine = engineWith();
    const jobs = vi.spyOn(Runtime.prototype, 'runStepJob');
    const runId = await start(engine, chainOf(5));
    await engine.drain();
    const run = await engine.getRun(TENANT, runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ total: 5, first: 1 });
    expect(jobs).toHaveBeenCalledTimes(1);
    expect(run.steps.map((s) => [s.node, s.status])).toEqual([
      ['s1', 'succeeded'],
      ['s2', 'succeeded'],
      ['s3', 'succeeded'],
      ['s4', 'succeeded'],
      ['s5', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    const stepEvents = run.events.filter((e) => e.step !== null).map((e) => `${e.type} ${e.step}`);
    expect(stepEvents).toEqual(
      ['s1#1', 's2#1', 's3#1', 's4#1', 's5#1', 'done#1'].flatMap((key) => [
        `step.started ${key}`,
        `step.succeeded ${key}`,
      ]),
    );
    expect(run.events.map((e) => e.type).at(-1)).toBe('run.completed');
  });

  it('enqueues the step after inlineStepsPerJob inline steps as a job of its own', async () => {
    const engine = engineWith(2);
    const jobs = vi.spyOn(Runtime.prototype, 'runStepJob');
    const runId = await start(engine, chainOf(6, false));
    await engine.drain();
    const run = await engine.getRun(TENANT, runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ n: 6 });
    expect(jobs.mock.calls.map(([payload]) => payload.key)).toEqual(['s1#1', 's4#1']);
  });

  it('gives every step a job of its own with inlineStepsPerJob 0', async () => {
    const engine = engineWith(0);
    const jobs = vi.spyOn(Runtime.prototype, 'runStepJob');
    const runId = await start(engine, chainOf(3));
    await engine.drain();
    expect((await engine.getRun(TENANT, runId)).output).toEqual({ total: 3, first: 1 });
    expect(jobs.mock.calls.map(([payload]) => payload.key)).toEqual(['s1#1', 's2#1', 's3#1', 'done#1']);
  });

  it('gives the step after a side-effect step a job of its own', async () => {
    const engine = engineWith(undefined, { http: async () => ({ output: { status: 200 } }) });
    const jobs = vi.spyOn(Runtime.prototype, 'runStepJob');
    const runId = await start(
      engine,
      doc([
        { id: 'call', type: 'http', method: 'GET', url: 'https://example.com/x', next: 'after' },
        { id: 'after', type: 'transform', set: { status: 'steps.call.status' }, next: 'done' },
        { id: 'done', type: 'end', output: '{{ vars.status }}' },
      ]),
    );
    await engine.drain();
    expect((await engine.getRun(TENANT, runId)).output).toBe(200);
    expect(jobs.mock.calls.map(([payload]) => payload.key)).toEqual(['call#1', 'after#1']);
  });

  it('commits none of the chain when a chained step cannot be recorded', async () => {
    const engine = engineWith();
    // A NUL character cannot be stored in jsonb: recording s2 fails like a crash mid-chain.
    const runId = await start(
      engine,
      doc([
        { id: 's1', type: 'transform', set: { a: '1' }, next: 's2' },
        { id: 's2', type: 'transform', set: { b: '"x\\u0000y"' } },
      ]),
    );
    await expect(engine.drain()).rejects.toThrow();
    const run = await engine.getRun(TENANT, runId);
    expect(run.status).toBe('running');
    expect(run.steps.map((s) => [s.key, s.status])).toEqual([['s1#1', 'pending']]);
    expect(run.events.map((e) => e.type)).toEqual(['run.started']);
    await engine.cancelRun(TENANT, runId);
  });
});
