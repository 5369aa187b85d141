import { Cron } from 'croner';
import type pg from 'pg';
import type { Trigger } from '../../graph/index.js';
import { type TenantTx, withTenant, withTransaction } from '../../store/index.js';
import type { Clock, Engine, EngineLogger, RunSummary, StartRunOptions } from '../api.js';
import { WorkflowInactiveError, WorkflowNotFoundError } from '../errors.js';

/**
 * Schedule triggers. Each workflow whose active version has a `schedule` trigger has one row in
 * `schedules` holding its next fire time. Schedulers (one per worker process, any number) tick:
 * each claims due rows with `FOR UPDATE SKIP LOCKED`, starts one run per row and moves the row
 * to the first fire time after *now* — so two schedulers never start the same fire, and fires
 * missed while nothing ran collapse into a single run.
 */

/** The `trigger` context of a scheduled run. */
export interface ScheduledTrigger {
  /** The fire time the run is for (ISO 8601). */
  scheduledFor: string;
  /** When the scheduler actually started it (later than `scheduledFor` after downtime). */
  firedAt: string;
}

/** The first time after `after` that `cron` (5 fields) fires in `timezone`, or null if never. */
export function nextFireAfter(cron: string, timezone: string, after: Date): Date | null {
  const pattern = new Cron(cron, { timezone, mode: '5-part', paused: true });
  return pattern.nextRun(after);
}

/**
 * Makes the transaction's tenant's schedule for `workflowId` match `trigger`: created or
 * changed for a schedule trigger, removed for anything else (null: deactivated). An unchanged
 * schedule keeps its next fire time, so re-activating does not skip a fire that is due.
 */
export async function syncSchedule(
  tx: TenantTx,
  workflowId: string,
  trigger: Trigger | null,
  now: Date,
): Promise<void> {
  if (trigger?.type !== 'schedule') {
    await tx.query('DELETE FROM schedules WHERE workflow_id = $1', [workflowId]);
    return;
  }
  const next = nextFireAfter(trigger.cron, trigger.timezone, now);
  if (next === null) {
    await tx.query('DELETE FROM schedules WHERE workflow_id = $1', [workflowId]);
    return;
  }
  await tx.query(
    `INSERT INTO schedules (workflow_id, cron, timezone, next_fire_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workflow_id) DO UPDATE
        SET cron = excluded.cron, timezone = excluded.timezone, next_fire_at = excluded.next_fire_at,
            updated_at = now()
      WHERE schedules.cron IS DISTINCT FROM excluded.cron
         OR schedules.timezone IS DISTINCT FROM excluded.timezone`,
    [workflowId, trigger.cron, trigger.timezone, next],
  );
}

/** The schedule of a workflow in the transaction's tenant, or undefined. */
export async function getSchedule(
  tx: TenantTx,
  workflowId: string,
): Promise<{ cron: string; timezone: string; nextFireAt: Date; lastFiredAt: Date | null } | undefined> {
  const { rows } = await tx.query(
    `SELECT cron, timezone, next_fire_at AS "nextFireAt", last_fired_at AS "lastFiredAt"
       FROM schedules WHERE workflow_id = $1`,
    [workflowId],
  );
  return rows[0] as never;
}

/** What the scheduler needs of the engine. */
export type ScheduleRunStarter = Pick<Engine, 'startRun'>;

export interface SchedulerOptions {
  /** Pool connected as the database owner (the same pool the engine uses). */
  pool: pg.Pool;
  engine: ScheduleRunStarter;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: EngineLogger;
  /** How often `start()` ticks; default 1 000 ms. */
  intervalMs?: number;
  /** Most schedules fired per tick (per transaction); default 50. */
  batchSize?: number;
}

export interface Scheduler {
  /** Fires every schedule due at `clock.now()` once; resolves to the runs started. */
  tick(): Promise<RunSummary[]>;
  /** Ticks every `intervalMs` until `stop()`. */
  start(): void;
  /** Stops ticking and waits for a tick in progress. */
  stop(): Promise<void>;
}

interface DueSchedule {
  workflow_id: string;
  tenant_id: string;
  cron: string;
  timezone: string;
  next_fire_at: Date;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? { now: () => new Date() };
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function tick(): Promise<RunSummary[]> {
    const started: RunSummary[] = [];
    for (;;) {
      const batch = await fireBatch(options, clock.now(), batchSize);
      started.push(...batch.started);
      if (batch.claimed < batchSize) return started;
    }
  }

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: Error) => options.logger?.error('scheduler tick failed', { error: error.message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };

  return {
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * One transaction: claim up to `batchSize` due schedules (row locks held until commit), start a
 * run for each, advance each past `now`. The run starts on its own connection while the row
 * stays locked, so no other scheduler can start the same fire; after a crash between the run's
 * commit and this one, the retried fire hits the run's unique `scheduled_for` and starts nothing.
 */
async function fireBatch(
  options: SchedulerOptions,
  now: Date,
  batchSize: number,
): Promise<{ claimed: number; started: RunSummary[] }> {
  return withTransaction(options.pool, async (client) => {
    const { rows } = await client.query<DueSchedule>(
      'SELECT * FROM switchboard_claim_due_schedules($1, $2)',
      [now, batchSize],
    );
    const started: RunSummary[] = [];
    for (const due of rows) {
      const run = await fire(options, due, now);
      if (run === 'gone') {
        await client.query('SELECT switchboard_drop_schedule($1)', [due.workflow_id]);
        continue;
      }
      if (run) started.push(run);
      const next = nextFireAfter(due.cron, due.timezone, now);
      if (next === null) await client.query('SELECT switchboard_drop_schedule($1)', [due.workflow_id]);
      else {
        await client.query('SELECT switchboard_advance_schedule($1, $2, $3)', [
          due.workflow_id,
          due.next_fire_at,
          next,
        ]);
      }
    }
    return { claimed: rows.length, started };
  });
}

/** Starts the run of one fire: the run, 'gone' when the workflow is no longer live, or null on failure. */
async function fire(
  options: SchedulerOptions,
  due: DueSchedule,
  now: Date,
): Promise<RunSummary | 'gone' | null> {
  const input: ScheduledTrigger = {
    scheduledFor: due.next_fire_at.toISOString(),
    firedAt: now.toISOString(),
  };
  // The engine records `scheduledFor` in runs.scheduled_for (unique per workflow), so even a
  // crash between this run's commit and the schedule's advance cannot start the fire twice.
  const start: StartRunOptions = {
    trigger: 'schedule',
    input: { ...input },
    scheduledFor: due.next_fire_at,
  };
  try {
    return await options.engine.startRun(due.tenant_id, due.workflow_id, start);
  } catch (error) {
    if (error instanceof WorkflowInactiveError || error instanceof WorkflowNotFoundError) return 'gone';
    if ((error as { code?: unknown }).code === '23505') return null; // this fire already has its run
    // Skip this fire rather than retry it every tick; the schedule moves on.
    options.logger?.error('scheduled run could not start', {
      workflowId: due.workflow_id,
      tenantId: due.tenant_id,
      error: (error as Error).message,
    });
    return null;
  }
}

export interface ScheduleSyncOptions {
  /** Pool connected as the database owner. */
  pool: pg.Pool;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: EngineLogger;
}

/**
 * The engine with activation and deactivation keeping `schedules` in step: activating a
 * workflow whose active version has a schedule trigger (re)arms its schedule; deactivating, or
 * activating a version with another trigger, removes it. Compose the service with this wrapper
 * so every surface (REST API, chat, CLI) activates through it.
 */
export function withScheduleSync(engine: Engine, options: ScheduleSyncOptions): Engine {
  const clock = options.clock ?? { now: () => new Date() };
  const sync = (tenantId: string, workflowId: string, trigger: Trigger | null) =>
    withTenant(options.pool, tenantId, (tx) => syncSchedule(tx, workflowId, trigger, clock.now()));

  const activateWorkflow: Engine['activateWorkflow'] = async (tenantId, workflowId, activateOptions) => {
    const result = await engine.activateWorkflow(tenantId, workflowId, activateOptions);
    await sync(tenantId, workflowId, result.trigger);
    return result;
  };
  const deactivateWorkflow: Engine['deactivateWorkflow'] = async (tenantId, workflowId) => {
    const summary = await engine.deactivateWorkflow(tenantId, workflowId);
    await sync(tenantId, workflowId, null);
    return summary;
  };
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'activateWorkflow') return activateWorkflow;
      if (property === 'deactivateWorkflow') return deactivateWorkflow;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
