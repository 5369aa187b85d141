import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesFor } from '../test/index.js';
import { openDatabase } from './database.js';
import { runMigrations } from './migrate.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-store-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('openDatabase with the embedded server', () => {
  it('initialises, records its server, and stops it on close', async () => {
    const database = await openDatabase({ dataDir });
    expect(database.source).toBe('embedded');
    expect(database.displayUrl).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/switchboard$/);
    const record = JSON.parse(await readFile(path.join(dataDir, 'server.json'), 'utf8'));
    expect(record).toMatchObject({ pid: process.pid, shared: false });
    await runMigrations(database.pool);
    await database.pool.query('CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$still here$$)');
    await database.close();
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('reuses the data on the next open', async () => {
    const database = await openDatabase({ dataDir });
    try {
      const { rows } = await database.pool.query('SELECT value FROM kept');
      expect(rows).toEqual([{ value: 'still here' }]);
    } finally {
      await database.close();
    }
  });

  it('starts despite a stale postmaster.pid and server.json naming a live unrelated process', async () => {
    const pgdata = path.join(dataDir, 'postgres');
    // What a crash leaves, with the pid since reused by another process (here: the test runner).
    await writeFile(path.join(pgdata, 'postmaster.pid'), `${process.ppid}\n${pgdata}\n0\n5432\n\n\n`);
    await writeFile(
      path.join(dataDir, 'server.json'),
      JSON.stringify({ pid: process.ppid, port: 5432, shared: true, startedAt: '2020-01-01T00:00:00Z' }),
    );
    const database = await openDatabase({ dataDir });
    try {
      expect(database.source).toBe('embedded');
      expect((await database.pool.query('SELECT count(*)::int AS n FROM kept')).rows).toEqual([{ n: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('shares its own server when the same process opens the directory twice', async () => {
    const first = await openDatabase({ dataDir, share: true });
    try {
      const second = await openDatabase({ dataDir });
      expect(second.source).toBe('shared');
      expect((await second.pool.query('SELECT count(*)::int AS n FROM kept')).rows).toEqual([{ n: 1 }]);
      await second.close();
    } finally {
      await first.close();
    }
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });
});
