/** Test harness: an engine on a fresh database with a fake clock (starting in 2100, see worker.ts drain). */
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { Engine, ExecutorTable } from '../api.js';
import { createEngine } from '../engine.js';

export const TENANT = '00000000-0000-0000-0000-000000000001';

export interface FakeClock {
  now(): Date;
  advance(ms: number): void;
}

export function fakeClock(start = Date.parse('2100-01-01T00:00:00Z')): FakeClock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface Harness {
  database: TestDatabase;
  clock: FakeClock;
  engine: Engine;
  close(): Promise<void>;
}

export async function createHarness(executors: ExecutorTable = {}, maxVisitsPerNode = 100): Promise<Harness> {
  const database = await createTestDatabase();
  const clock = fakeClock();
  const engine = createEngine({ pool: database.db.pool, clock, executors, config: { maxVisitsPerNode } });
  return {
    database,
    clock,
    engine,
    async close() {
      await engine.stop();
      await database.drop();
    },
  };
}

/** A manual workflow document around `nodes`. */
export function doc(nodes: unknown[], extra: Record<string, unknown> = {}): unknown {
  return {
    schema: 'switchboard/workflow@1',
    name: 'Test',
    locale: 'en',
    trigger: { type: 'manual' },
    nodes,
    ...extra,
  };
}

/** Creates, activates and runs the document; drains; returns the run. */
export async function runToEnd(h: Harness, document: unknown, input: unknown = {}) {
  const wf = await h.engine.createWorkflow(TENANT, document);
  await h.engine.activateWorkflow(TENANT, wf.id);
  const run = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual', input: input as never });
  await h.engine.drain();
  return h.engine.getRun(TENANT, run.id);
}
