import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import type { Engine } from './api.js';
import { createEngine } from './engine.js';
import { releaseDeadWorkers } from './sql/workers.js';
import { doc, TENANT } from './test-support/harness.js';

/**
 * Dead workers: the sweep releases the jobs of workers whose heartbeat is older than the bound,
 * and only theirs. The threshold is the database's clock, so these tests move heartbeats in SQL.
 */

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = database.db.pool;
});
afterAll(async () => {
  await database.drop();
});

const transformOnly = doc([{ id: 'calc', type: 'transform', set: { n: '1' } }]);

/** Starts a run of `document` and returns the id of its first step's job. */
async function queuedRun(engine: Engine, document: unknown): Promise<{ runId: string; jobId: string }> {
  const wf = await engine.createWorkflow(TENANT, document);
  await engine.activateWorkflow(TENANT, wf.id);
  const run = await engine.startRun(TENANT, wf.id, { trigger: 'manual' });
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM graphile_worker._private_jobs WHERE payload->>'runId' = $1`,
    [run.id],
  );
  expect(rows).toHaveLength(1);
  return { runId: run.id, jobId: (rows[0] as { id: string }).id };
}

/** Locks a job as `workerId` would, and records that worker's heartbeat `secondsAgo`. */
async function lockAs(jobId: string, workerId: string, secondsAgo: number): Promise<void> {
  await pool.query(
    `UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now(), attempts = attempts + 1
      WHERE id = $1`,
    [jobId, workerId],
  );
  await pool.query(
    `INSERT INTO engine_workers (worker_id, process_id, last_seen_at)
     VALUES ($1, 'ghost/1/0', now() - make_interval(secs => $2))`,
    [workerId, secondsAgo],
  );
}

async function lockOf(jobId: string): Promise<string | null> {
  const { rows } = await pool.query<{ locked_by: string | null }>(
    `SELECT locked_by FROM graphile_worker._private_jobs WHERE id = $1`,
    [jobId],
  );
  return rows[0]?.locked_by ?? null;
}

async function heartbeatAge(workerId: string, secondsAgo: number): Promise<void> {
  await pool.query(
    `UPDATE engine_workers SET last_seen_at = now() - make_interval(secs => $2) WHERE worker_id = $1`,
    [workerId, secondsAgo],
  );
}

async function waitForStatus(engine: Engine, runId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await engine.getRun(TENANT, runId);
    if (run.status === 'completed' || run.status === 'failed' || Date.now() > deadline) return run;
    await sleep(50);
  }
}

describe('the dead-worker sweep', () => {
  it('releases the jobs of a worker silent for longer than the bound, and not before', async () => {
    const engine = createEngine({ pool });
    const stale = await queuedRun(engine, transformOnly);
    const fresh = await queuedRun(engine, transformOnly);
    await lockAs(stale.jobId, 'worker-stale', 59);
    await lockAs(fresh.jobId, 'worker-fresh', 1);

    expect(await releaseDeadWorkers(pool, 60_000)).toEqual([]);
    expect(await lockOf(stale.jobId)).toBe('worker-stale');

    await heartbeatAge('worker-stale', 61);
    expect(await releaseDeadWorkers(pool, 60_000)).toEqual(['worker-stale']);
    expect(await lockOf(stale.jobId)).toBeNull();
    expect(await lockOf(fresh.jobId)).toBe('worker-fresh');
    const { rows } = await pool.query(`SELECT worker_id FROM engine_workers ORDER BY worker_id`);
    expect(rows).toEqual([{ worker_id: 'worker-fresh' }]);

    // The released job runs again; the job the live worker holds is left to it.
    await engine.drain();
    expect((await engine.getRun(TENANT, stale.runId)).status).toBe('completed');
    expect((await engine.getRun(TENANT, fresh.runId)).status).toBe('running');
    await pool.query(`DELETE FROM engine_workers`);
  });

  it('runs in every worker: a silent worker is released, a live one with a long step is not', async () => {
    const calls: string[] = [];
    const engine = createEngine({
      pool,
      config: { pollIntervalMs: 100 },
      executors: {
        // Outlasts the dead-worker bound: only heartbeats keep this worker's job its own.
        http: async (input) => {
          calls.push(input.stepKey);
          await sleep(2500);
          return { output: { status: 200 } };
        },
      },
    });
    const slow = await queuedRun(
      engine,
      doc([{ id: 'call', type: 'http', method: 'GET', url: 'https://example.com/slow' }]),
    );
    const orphan = await queuedRun(engine, transformOnly);
    await lockAs(orphan.jobId, 'worker-crashed', 0);
    const lastHeartbeat = Date.now();

    await engine.runWorker({ concurrency: 2, heartbeatIntervalMs: 200, deadWorkerAfterMs: 1500 });
    try {
      const released = await waitForStatus(engine, orphan.runId, 10_000);
      const releasedAfterMs = Date.now() - lastHeartbeat;
      expect(released.status).toBe('completed');
      // Dead after 1.5 s; the sweep runs every second.
      expect(releasedAfterMs).toBeGreaterThanOrEqual(1500);
      expect(releasedAfterMs).toBeLessThan(4000);

      const finished = await waitForStatus(engine, slow.runId, 10_000);
      expect(finished.status).toBe('completed');
      expect(calls).toEqual([`${slow.runId}/call#1`]);
    } finally {
      await engine.stop();
    }
    const { rows } = await pool.query(`SELECT worker_id FROM engine_workers`);
    expect(rows).toEqual([]);
  });
});
