import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, databaseOf, readMigrations } from '../store/index.js';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { createHttpApp } from './http.js';
import { silentLogger } from './logger.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

async function request(app: Express, path: string): Promise<{ status: number; body: unknown }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
  }
}

describe('GET /healthz', () => {
  it('answers 200 with the database reachable and its migration version', async () => {
    const migrations = await readMigrations();
    const latest = migrations[migrations.length - 1]?.version;
    const app = createHttpApp({ database: testDb.db, logger: silentLogger, latestMigration: latest ?? 0 });
    expect(await request(app, '/healthz')).toEqual({
      status: 200,
      body: {
        status: 'ok',
        database: { reachable: true, source: 'url' },
        migrations: { version: latest, latest },
      },
    });
  });

  it('answers 503 when the database cannot be reached', async () => {
    const pool = createPool('postgres://nobody:x@127.0.0.1:1/none', 1);
    const database = databaseOf(pool, 'url', 'postgres://127.0.0.1:1/none', () => pool.end());
    try {
      const app = createHttpApp({ database, logger: silentLogger, latestMigration: 1 });
      const { status, body } = await request(app, '/healthz');
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'unavailable',
        database: { reachable: false },
        migrations: { version: null },
      });
    } finally {
      await database.close();
    }
  });
});

describe('the HTTP app', () => {
  it('mounts routes given to the factory', async () => {
    const app = createHttpApp({
      database: testDb.db,
      logger: silentLogger,
      latestMigration: 1,
      routes: [(a) => a.get('/extra', (_req, res) => res.json({ extra: true }))],
    });
    expect(await request(app, '/extra')).toEqual({ status: 200, body: { extra: true } });
  });

  it('takes the client address from X-Forwarded-For only from proxies TRUST_PROXY names', async () => {
    const ipOf = async (trustProxy: string | undefined) => {
      const app = createHttpApp({
        database: testDb.db,
        logger: silentLogger,
        latestMigration: 1,
        trustProxy,
        routes: [(a) => a.get('/ip', (req, res) => res.json({ ip: req.ip }))],
      });
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ip`, {
          headers: { 'X-Forwarded-For': '203.0.113.7' },
        });
        return ((await response.json()) as { ip: string }).ip;
      } finally {
        server.close();
      }
    };
    expect(await ipOf(undefined)).toBe('127.0.0.1');
    expect(await ipOf('loopback')).toBe('203.0.113.7');
    expect(await ipOf('1')).toBe('203.0.113.7');
    expect(await ipOf('10.0.0.0/8')).toBe('127.0.0.1');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const app = createHttpApp({ database: testDb.db, logger: silentLogger, latestMigration: 1 });
    expect(await request(app, '/nope')).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No route for GET /nope.' } },
    });
  });
});
