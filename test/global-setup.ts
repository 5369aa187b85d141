import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPool, runMigrations, startEmbeddedServer } from '../store/index.js';

/**
 * Vitest global setup: one embedded PostgreSQL for the whole suite, in a temporary folder,
 * plus a migrated template database that `createTestDatabase` copies for each test file.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the suite's PostgreSQL (database `postgres`). */
    postgresAdminUrl: string;
    /** Name of the migrated template database. */
    templateDatabase: string;
  }
}

export const TEMPLATE_DATABASE = 'switchboard_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  // PostgreSQL may run as the `postgres` OS user (when tests run as root); it must enter the folder.
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedServer({ dataDir });
  try {
    await createTemplate(server.adminUrl());
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresAdminUrl', server.adminUrl());
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const pool = createPool(url.toString(), 1);
  try {
    await runMigrations(pool);
  } finally {
    await pool.end();
  }
}
