/**
 * SQL on `engine_workers` (0003_engine.sql): the heartbeats of graphile-worker workers, and the
 * release of the jobs of workers that stopped heartbeating (graphile-worker would otherwise keep
 * their jobs locked for 4 hours).
 */
import type { Queryable } from '../../store/index.js';

/** Records a heartbeat for each worker, (re)registering any whose row is missing. */
export async function touchWorkers(db: Queryable, processId: string, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.query(
    `INSERT INTO engine_workers (worker_id, process_id)
     SELECT unnest($2::text[]), $1
     ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now()`,
    [processId, workerIds],
  );
}

/**
 * Forgets the workers whose last heartbeat is older than `deadAfterMs` (by the database's clock)
 * and unlocks their jobs, in one statement so a crash cannot do one without the other. Returns
 * their ids.
 */
export async function releaseDeadWorkers(db: Queryable, deadAfterMs: number): Promise<string[]> {
  const { rows } = await db.query<{ ids: string[] }>(
    `WITH dead AS (
       DELETE FROM engine_workers WHERE last_seen_at < now() - make_interval(secs => $1) RETURNING worker_id
     ), ids AS (SELECT coalesce(array_agg(worker_id), '{}') AS ids FROM dead)
     SELECT ids, graphile_worker.force_unlock_workers(ids) FROM ids`,
    [deadAfterMs / 1000],
  );
  return rows[0]?.ids ?? [];
}

/** Forgets these workers and unlocks any job they still hold (they are known to be gone). */
export async function releaseWorkers(db: Queryable, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.query(
    `WITH gone AS (DELETE FROM engine_workers WHERE worker_id = ANY($1::text[]))
     SELECT graphile_worker.force_unlock_workers($1::text[])`,
    [workerIds],
  );
}
