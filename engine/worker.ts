/**
 * The graphile-worker side: installing its schema, the long-running worker with heartbeats and
 * the release of dead workers' jobs, and `drain()`, which processes the jobs due at the engine's
 * clock (tests move a fake clock instead of sleeping).
 */

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  Logger,
  makeWorkerUtils,
  type Runner,
  run,
  runMigrations,
  runOnce,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import type pg from 'pg';
import type { Clock, EngineConfig, EngineLogger, WorkerOptions } from './api.js';
import type { Runtime } from './runtime.js';
import { STEP_TASK, type StepJobPayload } from './sql/jobs.js';

export interface EngineWorker {
  /** Resolves once graphile-worker's schema is installed (idempotent). */
  ready(): Promise<void>;
  run(options: WorkerOptions): Promise<void>;
  drain(): Promise<void>;
  stop(): Promise<void>;
}

interface WorkerDeps {
  pool: pg.Pool;
  runtime: Runtime;
  clock: Clock;
  logger: EngineLogger;
  config: EngineConfig;
}

export function createWorker({ pool, runtime, clock, logger, config }: WorkerDeps): EngineWorker {
  const gwLogger = new Logger(() => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[method](`graphile-worker: ${message}`, meta ?? {});
  });
  const taskList: TaskList = {
    [STEP_TASK]: async (payload) => runtime.runStepJob(payload as StepJobPayload),
  };
  const processId = randomUUID();
  let installed: Promise<void> | undefined;
  let runner: Runner | undefined;
  let timers: NodeJS.Timeout[] = [];

  const ready = () => {
    installed ??= runMigrations({ pgPool: pool, logger: gwLogger }).catch((error: unknown) => {
      installed = undefined;
      throw error;
    });
    return installed;
  };

  async function heartbeat(): Promise<void> {
    await pool.query(`UPDATE engine_workers SET last_seen_at = now() WHERE process_id = $1`, [processId]);
  }

  /** Releases the jobs of workers whose heartbeat stopped (a crashed or killed process). */
  async function releaseDeadWorkers(): Promise<void> {
    const deadAfterMs = config.deadWorkerAfterMs ?? 60_000;
    const { rows } = await pool.query<{ worker_id: string }>(
      `DELETE FROM engine_workers WHERE last_seen_at < now() - make_interval(secs => $1) RETURNING worker_id`,
      [deadAfterMs / 1000],
    );
    if (rows.length === 0) return;
    const utils = await makeWorkerUtils({ pgPool: pool, logger: gwLogger });
    try {
      await utils.forceUnlockWorkers(rows.map((r) => r.worker_id));
    } finally {
      await utils.release();
    }
    logger.warn('released the jobs of dead workers', { workers: rows.map((r) => r.worker_id) });
  }

  return {
    ready,

    async run(options) {
      if (runner !== undefined) return;
      await ready();
      const events: WorkerEvents = new EventEmitter();
      events.on('worker:create', ({ worker }) => {
        pool
          .query(
            `INSERT INTO engine_workers (worker_id, process_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
            [worker.workerId, processId],
          )
          .catch((error: Error) => logger.error('cannot register worker', { error: error.message }));
      });
      runner = await run({
        pgPool: pool,
        taskList,
        concurrency: options.concurrency ?? 4,
        noHandleSignals: true,
        pollInterval: config.pollIntervalMs ?? 2000,
        logger: gwLogger,
        events,
      });
      const every = (ms: number, fn: () => Promise<void>) => {
        const timer = setInterval(() => {
          fn().catch((error: Error) => logger.error('engine housekeeping failed', { error: error.message }));
        }, ms);
        timer.unref();
        timers.push(timer);
      };
      every(config.heartbeatIntervalMs ?? 10_000, heartbeat);
      every(Math.max(1000, (config.deadWorkerAfterMs ?? 60_000) / 4), releaseDeadWorkers);
      logger.info('worker started', { concurrency: options.concurrency ?? 4 });
    },

    async drain() {
      await ready();
      for (let round = 0; round < 10_000; round++) {
        // Jobs due at the engine's clock become due now; jobs due later stay where they are.
        await pool.query(
          `UPDATE graphile_worker._private_jobs SET run_at = now()
            WHERE run_at <= $1 AND run_at > now() AND locked_at IS NULL AND attempts < max_attempts`,
          [clock.now()],
        );
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM graphile_worker._private_jobs
            WHERE run_at <= now() AND locked_at IS NULL AND attempts < max_attempts`,
        );
        if ((rows[0]?.n ?? 0) === 0) return;
        const failures: unknown[] = [];
        await runOnce({
          pgPool: pool,
          concurrency: 1,
          noHandleSignals: true,
          logger: gwLogger,
          taskList: {
            [STEP_TASK]: async (payload, helpers) => {
              try {
                await (taskList[STEP_TASK] as NonNullable<TaskList[string]>)(payload, helpers);
              } catch (error) {
                failures.push(error);
                throw error;
              }
            },
          },
        });
        if (failures.length > 0) throw failures[0];
      }
    },

    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      const current = runner;
      runner = undefined;
      if (current === undefined) return;
      // On shutdown PostgreSQL may already be going away (Ctrl-C reaches the whole process
      // group); a worker that cannot say goodbye is released by the dead-worker sweep instead.
      try {
        await current.stop();
        await pool.query(`DELETE FROM engine_workers WHERE process_id = $1`, [processId]);
      } catch (error) {
        logger.warn('worker stopped uncleanly', { error: (error as Error).message });
      }
    },
  };
}
