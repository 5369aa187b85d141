import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, type Database, databaseOf } from '../store/index.js';

/** A database of its own for one test file, on the suite's embedded PostgreSQL. */
export interface TestDatabase {
  /** Superuser connection URL of this database. */
  url: string;
  /** The database, connected as the superuser; use `db.withTenant` for tenant work. */
  db: Database;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Start from the migrated template (default) or from an empty database. */
  migrated?: boolean;
}

/**
 * Creates a fresh database with a unique name: a copy of the migrated template (fast), or
 * empty for tests of the migration runner itself.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? '' : ` TEMPLATE ${inject('templateDatabase')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 5);
  return {
    url: url.toString(),
    db: databaseOf(pool, 'url', url.toString(), () => pool.end()),
    async drop() {
      await pool.end();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
