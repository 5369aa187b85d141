import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { MigrationFailedError, MigrationFileError } from './errors.js';
import { type StoreLogger, silentLogger } from './log.js';
import type { Queryable } from './queryable.js';

/**
 * Migrations are the numbered plain SQL files in `migrations/` (`0001_tenancy.sql`, …). Each is
 * applied in its own transaction and recorded in `switchboard_migrations`; a session advisory
 * lock makes processes that start at the same moment apply them one after the other.
 */

export interface Migration {
  version: number;
  /** File name, e.g. `0001_tenancy.sql`. */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationOptions {
  /** Folder of the SQL files; defaults to the package's `migrations/`. */
  dir?: string;
  logger?: StoreLogger;
}

export interface MigrationResult {
  /** Names of the migrations this call applied, in order. */
  applied: string[];
  /** Highest applied version afterwards. */
  version: number;
}

/** Key of the advisory lock held while migrating (arbitrary, fixed, unique to Switchboard). */
const MIGRATION_LOCK_KEY = 7_342_118_200;
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** The package's `migrations/` folder, found from this module in both source and `dist/`. */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'migrations'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new MigrationFileError('Cannot find the migrations/ folder of the package.');
    dir = parent;
  }
  return path.join(dir, 'migrations');
}

/** Reads and checks the migration files of `dir`, ordered by version. */
export async function readMigrations(dir = defaultMigrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) {
      throw new MigrationFileError(
        `Migration file ${path.join(dir, name)} is misnamed; use NNNN_lowercase_words.sql, e.g. 0002_runs.sql.`,
      );
    }
    const version = Number(match[1]);
    const previous = migrations.at(-1);
    if (previous?.version === version) {
      throw new MigrationFileError(
        `Migrations ${previous.name} and ${name} share version ${version}; renumber one.`,
      );
    }
    const sql = await readFile(path.join(dir, name), 'utf8');
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** Applies every migration of `options.dir` not yet recorded in the database of `pool`. */
export async function runMigrations(pool: pg.Pool, options: MigrationOptions = {}): Promise<MigrationResult> {
  const logger = options.logger ?? silentLogger;
  const migrations = await readMigrations(options.dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS switchboard_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          checksum text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const recorded = await readRecorded(client);
      checkRecorded(recorded, migrations, logger);
      const applied: string[] = [];
      for (const migration of migrations.filter((m) => !recorded.has(m.version))) {
        await applyMigration(client, migration);
        logger.info('applied migration', { migration: migration.name });
        applied.push(migration.name);
      }
      const version = Math.max(0, ...recorded.keys(), ...migrations.map((m) => m.version));
      return { applied, version };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** The highest applied migration version, or 0 for a database never migrated. */
export async function currentMigrationVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ table: string | null }>(
    "SELECT to_regclass('switchboard_migrations')::text AS table",
  );
  if (!exists.rows[0]?.table) return 0;
  const { rows } = await db.query<{ version: number }>(
    'SELECT coalesce(max(version), 0) AS version FROM switchboard_migrations',
  );
  return rows[0]?.version ?? 0;
}

async function readRecorded(client: pg.PoolClient): Promise<Map<number, { name: string; checksum: string }>> {
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM switchboard_migrations',
  );
  return new Map(rows.map((row) => [row.version, row]));
}

function checkRecorded(
  recorded: Map<number, { name: string; checksum: string }>,
  migrations: Migration[],
  logger: StoreLogger,
): void {
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const [version, row] of recorded) {
    const migration = known.get(version);
    if (!migration) {
      throw new MigrationFileError(
        `The database has migration ${row.name}, which this version of Switchboard does not know; ` +
          'upgrade Switchboard or point it at another database.',
      );
    }
    if (migration.checksum !== row.checksum) {
      logger.warn('migration file changed after it was applied; add a new migration instead', {
        migration: migration.name,
      });
    }
  }
}

async function applyMigration(client: pg.PoolClient, migration: Migration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query('INSERT INTO switchboard_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(
      `Migration ${migration.name} failed and was rolled back: ${(error as Error).message}. ` +
        'Fix the SQL and run `switchboard migrate` again.',
      { cause: error },
    );
  }
}
