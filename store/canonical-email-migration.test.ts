import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { defaultMigrationsDir, readMigrations, runMigrations } from './migrate.js';

/**
 * Migration 0014 on rows written before email references were canonical: a database at 0013
 * holding `email:` references in several spellings is migrated and every reference is canonical,
 * with people, group members, designees and decisions that met merged sensibly.
 */

const T1 = '00000000-0000-0000-0000-000000000001';
const T2 = '00000000-0000-0000-0000-000000000002';
let database: TestDatabase;
let folder: string;
let applied: string[];
const ids = {
  ann: '10000000-0000-0000-0000-000000000001',
  ann2: '10000000-0000-0000-0000-000000000002',
  ann3: '10000000-0000-0000-0000-000000000003',
  other: '10000000-0000-0000-0000-000000000004',
  workflow: '20000000-0000-0000-0000-000000000001',
  run: '30000000-0000-0000-0000-000000000001',
  sequential: '40000000-0000-0000-0000-000000000001',
  closed: '40000000-0000-0000-0000-000000000002',
};

const query = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await database.db.pool.query(sql, params)).rows as R[];

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  folder = await mkdtemp(path.join(tmpdir(), 'switchboard-0013-'));
  for (const migration of (await readMigrations()).filter((m) => m.version <= 13)) {
    await copyFile(path.join(defaultMigrationsDir(), migration.name), path.join(folder, migration.name));
  }
  await runMigrations(database.db.pool, { dir: folder });
  // As the superuser (row-level security does not apply), each row names its tenant.
  await query(`INSERT INTO tenants (id, name) VALUES ($1, 'other')`, [T2]);
  await query(
    `INSERT INTO people (id, tenant_id, display_name, preferred_reference, created_at) VALUES
       ($1, $4, 'Ann', NULL, '2020-01-01'),
       ($2, $4, NULL, 'teams:user/ann-1', '2020-02-01'),
       ($3, $4, 'Ann B.', 'email:ANN@EXAMPLE.COM', '2020-03-01'),
       ($5, $6, NULL, 'email:Ann@Example.com', '2020-01-01')`,
    [ids.ann, ids.ann2, ids.ann3, T1, ids.other, T2],
  );
  await query(
    `INSERT INTO person_identities (tenant_id, person_id, reference) VALUES
       ($1, $2, 'email:Ann@Example.com'), ($1, $2, 'slack:user/UANN'),
       ($1, $3, 'email:ann@example.com'), ($1, $3, 'teams:user/ann-1'),
       ($1, $4, 'email:ANN@EXAMPLE.COM'),
       ($5, $6, 'email:Ann@Example.com')`,
    [T1, ids.ann, ids.ann2, ids.ann3, T2, ids.other],
  );
  await query(`INSERT INTO groups (tenant_id, name) VALUES ($1, 'finance'), ($2, 'finance')`, [T1, T2]);
  await query(
    `INSERT INTO group_members (tenant_id, group_name, member) VALUES
       ($1, 'finance', 'email:Bob@X.org'), ($1, 'finance', 'slack:user/UX'), ($1, 'finance', 'email:bob@x.org'),
       ($2, 'finance', 'email:Bob@X.org')`,
    [T1, T2],
  );
  await query(
    `INSERT INTO workflows (id, tenant_id, name, trigger_type, created_at, updated_at)
       VALUES ($1, $2, 'Pay', 'manual', now(), now())`,
    [ids.workflow, T1],
  );
  await query(
    `INSERT INTO runs (id, tenant_id, workflow_id, version, status, trigger_kind, requester, created_at)
       VALUES ($1, $2, $3, 1, 'waiting', 'manual', 'email:Boss@Example.com', now())`,
    [ids.run, T1, ids.workflow],
  );
  // Sequential, Ann's first spelling decided, so it was the turn of her second spelling (position 1).
  const designee = (reference: string) => ({ reference, viaGroup: null, round: 0 });
  await query(
    `INSERT INTO human_tasks (id, tenant_id, run_id, step_key, node_id, kind, status, outcome, title, message,
                              mode, designated, position, requester, round_started_at, created_at, closed_by)
     VALUES ($1, $3, $4, 'ask#1', 'ask', 'approval', 'open', NULL, 'Pay', 'Pay?', 'sequential', $5, 1,
             'email:Boss@Example.com', now(), now(), NULL),
            ($2, $3, $4, 'ask#0', 'ask', 'approval', 'closed', 'approved', 'Pay', 'Pay?', 'all', $6, 0,
             'email:Boss@Example.com', now(), now(), 'email:ANN@example.com')`,
    [
      ids.sequential,
      ids.closed,
      T1,
      ids.run,
      JSON.stringify([
        designee('email:Ann@Example.com'),
        designee('email:ann@example.com'),
        designee('email:Bob@X.org'),
      ]),
      JSON.stringify([designee('email:Ann@Example.com'), designee('email:ANN@example.com')]),
    ],
  );
  await query(
    `INSERT INTO task_decisions (tenant_id, task_id, person, by, on_behalf_of, decision, at, channel) VALUES
       ($1, $2, 'email:Ann@Example.com', 'slack:user/UANN', NULL, 'approve', now(), 'slack'),
       ($1, $3, 'email:Ann@Example.com', 'email:Ann@Example.com', NULL, 'approve', now(), 'api'),
       ($1, $3, 'email:ANN@example.com', 'email:Cy@X.org', 'email:ANN@example.com', 'approve', now(), 'api')`,
    [T1, ids.sequential, ids.closed],
  );
  await query(
    `INSERT INTO task_delegations (tenant_id, task_id, from_reference, to_reference, by, at, channel)
       VALUES ($1, $2, 'email:Bob@X.org', 'email:Cy@X.org', 'email:Bob@X.org', now(), 'api')`,
    [T1, ids.sequential],
  );
  await query(
    `INSERT INTO task_links (token_hash, tenant_id, task_id, person, notice_key, created_at, expires_at)
       VALUES ($1, $2, $3, 'email:Cy@X.org', 'k', now(), now() + interval '1 day')`,
    ['a'.repeat(64), T1, ids.sequential],
  );
  await query(
    `INSERT INTO task_copies (tenant_id, task_id, channel, recipient, address, idempotency_key)
       VALUES ($1, $2, 'email', 'email:Cy@X.org', '{}', 'k')`,
    [T1, ids.sequential],
  );
  applied = (await runMigrations(database.db.pool)).applied;
});

afterAll(async () => {
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('migration 0014: canonical email references', () => {
  it('is the migration applied on top of 0013', () => {
    expect(applied).toEqual(['0014_canonical_email_references.sql']);
  });

  it('merges people whose addresses differed only in case into the oldest, per tenant', async () => {
    const people = await query(
      `SELECT p.id, p.tenant_id, p.display_name, p.preferred_reference,
              array(SELECT reference FROM person_identities i WHERE i.person_id = p.id ORDER BY reference) AS refs
         FROM people p ORDER BY p.tenant_id, p.id`,
    );
    expect(people).toEqual([
      {
        id: ids.ann,
        tenant_id: T1,
        display_name: 'Ann',
        preferred_reference: 'teams:user/ann-1',
        refs: ['email:ann@example.com', 'slack:user/UANN', 'teams:user/ann-1'],
      },
      {
        id: ids.other,
        tenant_id: T2,
        display_name: null,
        preferred_reference: 'email:ann@example.com',
        refs: ['email:ann@example.com'],
      },
    ]);
  });

  it('lists a group member once, where first added, in canonical form', async () => {
    const members = await query<{ tenant_id: string; member: string }>(
      `SELECT tenant_id, member FROM group_members ORDER BY tenant_id, position`,
    );
    expect(members).toEqual([
      { tenant_id: T1, member: 'email:bob@x.org' },
      { tenant_id: T1, member: 'slack:user/UX' },
      { tenant_id: T2, member: 'email:bob@x.org' },
    ]);
  });

  it('designates a person once per round and recomputes whose turn it is', async () => {
    const [task] = await query(`SELECT designated, position, requester FROM human_tasks WHERE id = $1`, [
      ids.sequential,
    ]);
    expect(task).toEqual({
      designated: [
        { reference: 'email:ann@example.com', viaGroup: null, round: 0 },
        { reference: 'email:bob@x.org', viaGroup: null, round: 0 },
      ],
      // Ann decided; it is Bob's turn.
      position: 1,
      requester: 'email:boss@example.com',
    });
    const [run] = await query(`SELECT requester FROM runs WHERE id = $1`, [ids.run]);
    expect(run).toEqual({ requester: 'email:boss@example.com' });
  });

  it('keeps the first of two decisions that now count for the same person', async () => {
    const decisions = await query(
      `SELECT task_id, person, by, on_behalf_of FROM task_decisions ORDER BY task_id, id`,
    );
    expect(decisions).toEqual([
      { task_id: ids.sequential, person: 'email:ann@example.com', by: 'slack:user/UANN', on_behalf_of: null },
      {
        task_id: ids.closed,
        person: 'email:ann@example.com',
        by: 'email:ann@example.com',
        on_behalf_of: null,
      },
    ]);
    const [closed] = await query(`SELECT designated, closed_by FROM human_tasks WHERE id = $1`, [ids.closed]);
    expect(closed).toEqual({
      designated: [{ reference: 'email:ann@example.com', viaGroup: null, round: 0 }],
      closed_by: 'email:ann@example.com',
    });
  });

  it('canonicalizes delegations, task links and copies', async () => {
    expect(await query(`SELECT from_reference, to_reference, by FROM task_delegations`)).toEqual([
      { from_reference: 'email:bob@x.org', to_reference: 'email:cy@x.org', by: 'email:bob@x.org' },
    ]);
    expect(await query(`SELECT person FROM task_links`)).toEqual([{ person: 'email:cy@x.org' }]);
    expect(await query(`SELECT recipient FROM task_copies`)).toEqual([{ recipient: 'email:cy@x.org' }]);
  });
});
