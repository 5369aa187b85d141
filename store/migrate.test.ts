import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { createPool } from './database.js';
import { MigrationFailedError, MigrationFileError } from './errors.js';
import { currentMigrationVersion, defaultMigrationsDir, readMigrations, runMigrations } from './migrate.js';

const databases: TestDatabase[] = [];
const folders: string[] = [];

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrated: false });
  databases.push(database);
  return database;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-migrations-'));
  folders.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

afterEach(async () => {
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('runMigrations', () => {
  it('applies the shipped migrations to an empty database, then nothing on a second run', async () => {
    const { db } = await emptyDatabase();
    expect(await currentMigrationVersion(db.pool)).toBe(0);
    const first = await runMigrations(db.pool);
    expect(first.applied).toContain('0001_tenancy.sql');
    const second = await runMigrations(db.pool);
    expect(second).toEqual({ applied: [], version: first.version });
    expect(await currentMigrationVersion(db.pool)).toBe(first.version);
  });

  it('applies files in version order and records each', async () => {
    const { db } = await emptyDatabase();
    const dir = await migrationsDir({
      '0002_more.sql': 'ALTER TABLE things ADD COLUMN size int;',
      '0001_things.sql': 'CREATE TABLE things (id int);',
    });
    expect(await runMigrations(db.pool, { dir })).toEqual({
      applied: ['0001_things.sql', '0002_more.sql'],
      version: 2,
    });
    const { rows } = await db.pool.query('SELECT version, name FROM switchboard_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: '0001_things.sql' },
      { version: 2, name: '0002_more.sql' },
    ]);
  });

  it('rolls back a failing migration whole and stops before later ones', async () => {
    const { db } = await emptyDatabase();
    const dir = await migrationsDir({
      '0001_ok.sql': 'CREATE TABLE ok (id int);',
      '0002_broken.sql': 'CREATE TABLE half (id int); SELECT no_such_function();',
      '0003_later.sql': 'CREATE TABLE later (id int);',
    });
    await expect(runMigrations(db.pool, { dir })).rejects.toThrow(MigrationFailedError);
    const { rows } = await db.pool.query(
      "SELECT to_regclass('ok')::text AS ok, to_regclass('half')::text AS half, to_regclass('later')::text AS later",
    );
    expect(rows[0]).toEqual({ ok: 'ok', half: null, later: null });
    expect(await currentMigrationVersion(db.pool)).toBe(1);
  });

  it('is safe when several processes migrate at the same moment', async () => {
    const { url } = await emptyDatabase();
    const pools = [createPool(url, 2), createPool(url, 2), createPool(url, 2)];
    try {
      const results = await Promise.all(pools.map((pool) => runMigrations(pool)));
      const applied = results.flatMap((r) => r.applied);
      expect(applied.filter((name) => name === '0001_tenancy.sql')).toHaveLength(1);
      expect(new Set(results.map((r) => r.version)).size).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a database that has migrations this build does not know', async () => {
    const { db } = await emptyDatabase();
    await runMigrations(db.pool, {
      dir: await migrationsDir({ '0001_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' }),
    });
    await expect(
      runMigrations(db.pool, { dir: await migrationsDir({ '0001_a.sql': 'SELECT 1;' }) }),
    ).rejects.toThrow(/0002_b.sql.*does not know/);
  });
});

describe('readMigrations', () => {
  it('finds the shipped migrations folder', async () => {
    const migrations = await readMigrations(defaultMigrationsDir());
    expect(migrations[0]).toMatchObject({ version: 1, name: '0001_tenancy.sql' });
  });

  it('rejects misnamed files', async () => {
    const dir = await migrationsDir({ '1_init.sql': 'SELECT 1;' });
    await expect(readMigrations(dir)).rejects.toThrow(MigrationFileError);
  });

  it('rejects two files with the same version', async () => {
    const dir = await migrationsDir({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    await expect(readMigrations(dir)).rejects.toThrow(/share version 1/);
  });
});
