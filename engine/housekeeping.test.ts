/**
 * The housekeeping cron job: its item parses, a worker starting registers it with
 * graphile-worker's cron, and a queued job runs through the worker's task list at the engine's
 * clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineCronItems, HOUSEKEEPING_TASK } from './housekeeping.js';
import { createHarness, type Harness, TENANT } from './test-support/harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('housekeeping cron job', () => {
  it('is one parsed cron item for switchboard_housekeeping, without backfill', () => {
    const items = engineCronItems();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      task: HOUSEKEEPING_TASK,
      identifier: HOUSEKEEPING_TASK,
      options: { backfillPeriod: 0, maxAttempts: 3, jobKey: HOUSEKEEPING_TASK },
    });
    expect(HOUSEKEEPING_TASK).toBe('switchboard_housekeeping');
  });

  it("is registered with graphile-worker's cron when a worker starts", async () => {
    harness = await createHarness();
    await harness.engine.runWorker({ concurrency: 1 });
    const known = async () =>
      (
        await harness!.database.db.pool.query<{ identifier: string }>(
          'SELECT identifier FROM graphile_worker._private_known_crontabs',
        )
      ).rows.map((r) => r.identifier);
    // graphile-worker records the item as soon as its cron loop starts, just after run() resolves.
    await vi.waitFor(async () => expect(await known()).toEqual([HOUSEKEEPING_TASK]), { timeout: 10_000 });
  });

  it('runs from the task list, deleting at the engine clock what can no longer be used', async () => {
    harness = await createHarness();
    const { pool } = harness.database.db;
    const now = harness.clock.now().getTime();
    const { rows } = await pool.query(
      `INSERT INTO web_users (tenant_id, email, password_hash) VALUES ($1, 'hk@example.com', 'x') RETURNING id`,
      [TENANT],
    );
    for (const [hash, expiresAt] of [
      ['a'.repeat(64), new Date(now)],
      ['b'.repeat(64), new Date(now + 1)],
    ] as const) {
      await pool.query(
        `INSERT INTO web_sessions (token_hash, tenant_id, user_id, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, 'c', $4, $5)`,
        [hash, TENANT, rows[0].id, new Date(now - 1000), expiresAt],
      );
    }
    await harness.engine.drain(); // installs graphile-worker's schema
    await pool.query(`SELECT graphile_worker.add_job($1, '{}'::json)`, [HOUSEKEEPING_TASK]);
    await harness.engine.drain();
    const left = await pool.query('SELECT token_hash FROM web_sessions');
    expect(left.rows.map((r) => r.token_hash)).toEqual(['b'.repeat(64)]);
    const jobs = await pool.query('SELECT count(*)::int AS n FROM graphile_worker._private_jobs');
    expect(jobs.rows[0].n).toBe(0);
  });
});
