/**
 * The graphile-worker side: installing its schema, the long-running worker with heartbeats, the
 * release of dead workers' jobs and the hourly housekeeping cron job, and `drain()`, which
 * processes the jobs due at the engine's clock (tests move a fake clock instead of sleeping).
 */

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  Logger,
  type ParsedCronItem,
  type Runner,
  run,
  runMigrations,
  runOnce,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import type pg from 'pg';
import type { Clock, EngineConfig, EngineLogger, WorkerOptions } from './api.js';
import { createHousekeepingTask, engineCronItems, HOUSEKEEPING_TASK } from './housekeeping.js';
import type { Runtime } from './runtime.js';
import { RUN_FINISHED_TASK, type RunFinishedJobPayload, STEP_TASK, type StepJobPayload } from './sql/jobs.js';
import { releaseDeadWorkers, releaseWorkers, touchWorkers } from './sql/workers.js';
import { TASK_NOTICE_TASK, type TaskNoticePayload } from './tasks/lifecycle.js';

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
  /** Handles `switchboard_run_finished` jobs; without it they complete doing nothing. */
  onRunFinished?: (payload: RunFinishedJobPayload) => Promise<void>;
  /** Delivers `switchboard_task_notice` jobs (engine/tasks/notices.ts). */
  taskNotices?: (payload: TaskNoticePayload) => Promise<void>;
}

export function createWorker({
  pool,
  runtime,
  clock,
  logger,
  config,
  onRunFinished,
  taskNotices,
}: WorkerDeps): EngineWorker {
  const gwLogger = new Logger(() => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[method](`graphile-worker: ${message}`, meta ?? {});
  });
  const taskList: TaskList = {
    [STEP_TASK]: async (payload) => runtime.runStepJob(payload as StepJobPayload),
    [RUN_FINISHED_TASK]: async (payload) => onRunFinished?.(payload as RunFinishedJobPayload),
    [TASK_NOTICE_TASK]: async (payload) => taskNotices?.(payload as TaskNoticePayload),
    [HOUSEKEEPING_TASK]: createHousekeepingTask({ pool, clock, logger }),
  };
  // Started by every runner; graphile-worker enqueues each fire once across processes.
  const cronItems = engineCronItems();
  // Host and pid first, so an operator (or a test) can tell whose rows engine_workers holds.
  const processId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  let installed: Promise<void> | undefined;
  let current: Supervisor | undefined;

  const ready = () => {
    installed ??= runMigrations({ pgPool: pool, logger: gwLogger }).catch((error: unknown) => {
      installed = undefined;
      throw error;
    });
    return installed;
  };

  return {
    ready,

    async run(options) {
      if (current !== undefined) return;
      await ready();
      const supervisor = new Supervisor(pool, processId, taskList, cronItems, gwLogger, logger, {
        concurrency: options.concurrency ?? 4,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 10_000,
        deadWorkerAfterMs: options.deadWorkerAfterMs ?? 45_000,
        pollIntervalMs: config.pollIntervalMs ?? 2000,
      });
      current = supervisor;
      try {
        await supervisor.start();
      } catch (error) {
        current = undefined;
        throw error;
      }
      logger.info('worker started', { concurrency: options.concurrency ?? 4, processId });
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
          // Every task of the worker, each recording its failure so drain() can rethrow it.
          taskList: Object.fromEntries(
            Object.entries(taskList).map(([name, task]) => [
              name,
              async (payload: unknown, helpers: Parameters<NonNullable<TaskList[string]>>[1]) => {
                try {
                  await (task as NonNullable<TaskList[string]>)(payload, helpers);
                } catch (error) {
                  failures.push(error);
                  throw error;
                }
              },
            ]),
          ),
        });
        if (failures.length > 0) throw failures[0];
      }
    },

    async stop() {
      const supervisor = current;
      current = undefined;
      await supervisor?.stop();
    },
  };
}

interface SupervisorSettings {
  concurrency: number;
  heartbeatIntervalMs: number;
  deadWorkerAfterMs: number;
  pollIntervalMs: number;
}

/**
 * Keeps a graphile-worker runner going in this process: heartbeats for its workers, the sweep
 * releasing dead workers' jobs (any process's), and recovery from lost workers.
 *
 * A graphile-worker worker that cannot record its job's outcome (PostgreSQL restarting: the
 * connection is refused, which graphile-worker does not retry) "commits seppuku": it exits and
 * leaves its job locked, and the runner never replaces it. Its process still heartbeats, so the
 * sweep would never release that job, and after a few such failures the process runs nothing.
 * So a lost worker's job is released (its task is over) and the runner is replaced once the
 * database answers again.
 */
class Supervisor {
  readonly #live = new Set<string>();
  readonly #lost = new Set<string>();
  readonly #registered = new Set<string>();
  #runner: Runner | undefined;
  #degraded = false;
  #stopping = false;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  #replacing: Promise<void> | undefined;

  constructor(
    readonly pool: pg.Pool,
    readonly processId: string,
    readonly taskList: TaskList,
    readonly cronItems: ParsedCronItem[],
    readonly gwLogger: Logger,
    readonly logger: EngineLogger,
    readonly settings: SupervisorSettings,
  ) {}

  async start(): Promise<void> {
    this.#runner = await this.#startRunner();
    this.#every(this.settings.heartbeatIntervalMs, () => this.#heartbeat());
    this.#every(Math.max(1000, this.settings.deadWorkerAfterMs / 4), () => this.#sweep());
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled(this.#inFlight);
    await this.#replacing;
    const runner = this.#runner;
    this.#runner = undefined;
    // On shutdown PostgreSQL may already be going away (Ctrl-C reaches the whole process
    // group); a worker that cannot say goodbye is released by the dead-worker sweep instead.
    try {
      await runner?.stop();
      await releaseWorkers(this.pool, [...this.#registered]);
    } catch (error) {
      this.logger.warn('worker stopped uncleanly', { error: (error as Error).message });
    }
  }

  async #startRunner(): Promise<Runner> {
    const events: WorkerEvents = new EventEmitter();
    events.on('worker:create', ({ worker }) => {
      this.#live.add(worker.workerId);
      this.#registered.add(worker.workerId);
      touchWorkers(this.pool, this.processId, [worker.workerId]).catch((error: Error) =>
        this.logger.warn('cannot register worker yet; the next heartbeat will', { error: error.message }),
      );
    });
    events.on('worker:stop', ({ worker, error }) => {
      this.#live.delete(worker.workerId);
      if (error === undefined || this.#stopping) return;
      this.#lost.add(worker.workerId);
      this.#degraded = true;
      this.logger.warn('a worker was lost; its job will be released and the worker replaced', {
        workerId: worker.workerId,
        error: (error as Error).message,
      });
    });
    const runner = await run({
      pgPool: this.pool,
      taskList: this.taskList,
      parsedCronItems: this.cronItems,
      concurrency: this.settings.concurrency,
      noHandleSignals: true,
      pollInterval: this.settings.pollIntervalMs,
      logger: this.gwLogger,
      events,
    });
    runner.promise.catch((error: Error) =>
      this.logger.error('worker runner failed', { error: error.message }),
    );
    return runner;
  }

  /** Runs `fn` every `ms`, never two at once, and never after `stop()`. */
  #every(ms: number, fn: () => Promise<void>): void {
    const schedule = () => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        const done: Promise<void> = fn()
          .catch((error: Error) => this.logger.warn('engine housekeeping failed', { error: error.message }))
          .finally(() => {
            this.#inFlight.delete(done);
            if (!this.#stopping) schedule();
          });
        this.#inFlight.add(done);
      }, ms);
      timer.unref();
      this.#timers.add(timer);
    };
    schedule();
  }

  async #heartbeat(): Promise<void> {
    await touchWorkers(this.pool, this.processId, [...this.#live]);
    if (this.#lost.size > 0) {
      const lost = [...this.#lost];
      await releaseWorkers(this.pool, lost);
      for (const id of lost) this.#lost.delete(id);
      this.logger.warn('released the jobs of lost workers', { workers: lost });
    }
    // Not awaited: the old runner's remaining jobs may take long, and heartbeats must go on.
    if (this.#degraded && !this.#stopping && this.#replacing === undefined) {
      this.#replacing = this.#replaceRunner()
        .catch((error: Error) =>
          this.logger.warn('cannot replace the worker runner yet', { error: error.message }),
        )
        .finally(() => {
          this.#replacing = undefined;
        });
    }
  }

  /** Stops the runner (waiting for its remaining workers' jobs) and starts a full one. */
  async #replaceRunner(): Promise<void> {
    this.#degraded = false;
    const old = this.#runner;
    this.#runner = undefined;
    try {
      await old?.stop();
    } catch (error) {
      this.logger.warn('the old worker runner stopped uncleanly', { error: (error as Error).message });
    }
    if (this.#stopping) return;
    try {
      this.#runner = await this.#startRunner();
    } catch (error) {
      this.#degraded = true;
      throw error;
    }
    this.logger.info('worker runner replaced', { concurrency: this.settings.concurrency });
  }

  /** Releases the jobs of workers (of any process) whose heartbeat stopped. */
  async #sweep(): Promise<void> {
    const dead = await releaseDeadWorkers(this.pool, this.settings.deadWorkerAfterMs);
    if (dead.length > 0) this.logger.warn('released the jobs of dead workers', { workers: dead });
  }
}
