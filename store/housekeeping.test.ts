import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { deleteUnusableRows } from './housekeeping.js';
import { createTenant } from './tenants.js';

const NOW = new Date('2100-03-01T12:00:00Z');
const MS = 1;
const DAY = 24 * 3_600_000;
const GRACE = 7 * DAY;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const hash = (n: number) => n.toString(16).padStart(64, '0');

let testDb: TestDatabase;
let tenants: string[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenants = [
    (await createTenant(testDb.db.pool, 'house-a')).id,
    (await createTenant(testDb.db.pool, 'house-b')).id,
  ];
});

afterAll(async () => {
  await testDb?.drop();
});

/**
 * Rows of every kind in both tenants (as the superuser, naming the tenant), each labelled in
 * its hash by `n`: one just past the line where it becomes unusable, one just before.
 */
async function seed(): Promise<void> {
  const q = (sql: string, values: unknown[]) => testDb.db.pool.query(sql, values);
  let n = 0;
  for (const tenant of tenants) {
    const { rows } = await q(
      `INSERT INTO web_users (tenant_id, email, password_hash) VALUES ($1, $2, 'x') RETURNING id`,
      [tenant, `${tenant}@example.com`],
    );
    const user = rows[0].id;
    const session = (expiresAt: Date) =>
      q(
        `INSERT INTO web_sessions (token_hash, tenant_id, user_id, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, 'c', $4, $5)`,
        [hash(++n), tenant, user, at(-DAY), expiresAt],
      );
    await session(at(0)); // expires now: gone
    await session(at(MS)); // still valid: kept
    const link = (expiresAt: Date, usedAt: Date | null) =>
      q(
        `INSERT INTO web_sign_in_links (token_hash, tenant_id, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [hash(++n), tenant, at(-DAY), expiresAt, usedAt],
      );
    await link(at(0), null); // expired: gone
    await link(at(DAY), at(-MS)); // used: gone
    await link(at(MS), null); // usable: kept
    const taskLink = (expiresAt: Date, usedAt: Date | null) =>
      q(
        `INSERT INTO task_links (token_hash, tenant_id, task_id, person, notice_key, created_at, expires_at, used_at)
         VALUES ($1, $2, gen_random_uuid(), 'email:ann@example.com', 'k', $3, $4, $5)`,
        [hash(++n), tenant, at(-30 * DAY), expiresAt, usedAt],
      );
    await taskLink(at(-GRACE), null); // expired 7 days ago: gone
    await taskLink(at(-GRACE), at(-10 * DAY)); // used, then expired 7 days ago: gone
    await taskLink(at(-GRACE + MS), null); // expired, still within the grace period: kept
    await taskLink(at(-GRACE + MS), at(-GRACE)); // used and expired, within the grace period: kept
    await taskLink(at(DAY), at(-MS)); // used, not expired ("already used"): kept
  }
  for (const expiresAt of [at(0), at(MS)]) {
    await q(
      `INSERT INTO web_sign_in_failures (attempt_id, scope, key_hash, failed_at, expires_at)
       VALUES (gen_random_uuid(), 'email', $1, $2, $3)`,
      [hash(++n), at(-15 * 60_000), expiresAt],
    );
  }
}

async function remaining(): Promise<Record<string, number>> {
  const { rows } = await testDb.db.pool.query(`
    SELECT (SELECT count(*)::int FROM web_sessions) AS sessions,
           (SELECT count(*)::int FROM web_sign_in_links) AS links,
           (SELECT count(*)::int FROM task_links) AS task_links,
           (SELECT count(*)::int FROM web_sign_in_failures) AS failures`);
  return rows[0];
}

describe('deleteUnusableRows', () => {
  it('deletes what can no longer be used in every tenant, from the application role too, and keeps the rest', async () => {
    await seed();
    const client = await testDb.db.pool.connect();
    try {
      // No tenant set: forced row-level security shows this role none of these rows.
      await client.query('BEGIN; SET LOCAL ROLE switchboard_app');
      expect((await client.query('SELECT count(*)::int AS n FROM web_sessions')).rows[0].n).toBe(0);
      const deleted = await deleteUnusableRows(client, { now: NOW, taskLinkGraceMs: GRACE });
      await client.query('COMMIT');
      expect(deleted).toEqual({ webSessions: 2, webSignInLinks: 4, taskLinks: 4, webSignInFailures: 1 });
    } finally {
      client.release();
    }
    expect(await remaining()).toEqual({ sessions: 2, links: 2, task_links: 6, failures: 1 });
    const { rows } = await testDb.db.pool.query(
      'SELECT tenant_id, count(*)::int AS n FROM task_links GROUP BY tenant_id ORDER BY tenant_id',
    );
    expect(rows.map((r) => r.n)).toEqual([3, 3]);
  });

  it('deletes the rest once they in turn become unusable', async () => {
    const later = await deleteUnusableRows(testDb.db.pool, { now: at(DAY + GRACE), taskLinkGraceMs: GRACE });
    expect(later).toEqual({ webSessions: 2, webSignInLinks: 2, taskLinks: 6, webSignInFailures: 1 });
    expect(await remaining()).toEqual({ sessions: 0, links: 0, task_links: 0, failures: 0 });
  });
});
