/**
 * Housekeeping: an hourly graphile-worker cron job deleting rows nobody can use any more —
 * expired web sessions, used or expired web sign-in links, sign-in failures that stopped
 * counting, and task links expired for longer than a grace period (store's `deleteUnusableRows`).
 * graphile-worker's cron records each fire in `known_crontabs`, so however many worker processes
 * run, each hour's job is enqueued once.
 */
import { type CronItem, type ParsedCronItem, parseCronItems, type Task } from 'graphile-worker';
import type pg from 'pg';
import { deleteUnusableRows } from '../store/index.js';
import type { Clock, EngineLogger } from './api.js';

export const HOUSEKEEPING_TASK = 'switchboard_housekeeping';

/**
 * Expired task links are kept this long (7 days) so the task page still tells "already used" and
 * "expired" apart from "unknown", and a task notice retried by graphile-worker (25 attempts with
 * its backoff span about 4 days) still finds the link it mailed instead of mailing another.
 */
export const TASK_LINK_GRACE_MS = 7 * 24 * 3_600_000;

/**
 * Hourly, at 17 minutes past (off the top of the hour, when other schedules crowd in). No
 * backfill: an hour missed while no worker ran is made up by the next one. The job key lets a
 * failing run be replaced by the next rather than pile up.
 */
export const HOUSEKEEPING_CRON: CronItem = {
  task: HOUSEKEEPING_TASK,
  identifier: HOUSEKEEPING_TASK,
  match: '17 * * * *',
  options: { backfillPeriod: 0, maxAttempts: 3, jobKey: HOUSEKEEPING_TASK, jobKeyMode: 'replace' },
};

/** The cron items every worker runner is started with. */
export function engineCronItems(): ParsedCronItem[] {
  return parseCronItems([HOUSEKEEPING_CRON]);
}

/** The handler of `switchboard_housekeeping` jobs: one deletion pass at the engine's clock. */
export function createHousekeepingTask(deps: { pool: pg.Pool; clock: Clock; logger: EngineLogger }): Task {
  return async () => {
    const deleted = await deleteUnusableRows(deps.pool, {
      now: deps.clock.now(),
      taskLinkGraceMs: TASK_LINK_GRACE_MS,
    });
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    deps.logger[total > 0 ? 'info' : 'debug']('housekeeping deleted unusable rows', { ...deleted });
  };
}
