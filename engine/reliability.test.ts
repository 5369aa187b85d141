import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type EmbeddedServer, runMigrations, startEmbeddedServer } from '../store/index.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { type CapturedRequest, type HttpCapture, startHttpCapture } from '../test/http-capture.js';
import type { Engine } from './api.js';
import { createEngine } from './engine.js';
import { createHttpExecutor } from './nodes/http.js';
import { doc, TENANT } from './test-support/harness.js';

/**
 * Reliability under failure: a worker process killed with SIGKILL mid-step, and PostgreSQL
 * restarted under running workflows. Every run must complete, and every step's side effect must
 * reach the capture server under one Idempotency-Key (repeats of a key carry the same body, so
 * the receiver can recognise them).
 */

const cli = fileURLToPath(new URL('../app/cli.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let workDir: string;
let capture: HttpCapture;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'switchboard-reliability-'));
  await chmod(workDir, 0o755);
  capture = await startHttpCapture();
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await capture.close();
  await rm(workDir, { recursive: true, force: true });
});

/** A workflow of two HTTP steps (`charge`, then `notify`) whose bodies name the run and step. */
function twoCalls(prefix: string, between: unknown[] = []): unknown {
  const body = (step: string) => ({ run: '{{ run.id }}', step });
  return doc([
    {
      id: 'charge',
      type: 'http',
      method: 'POST',
      url: `${capture.url}/${prefix}/charge`,
      body: body('charge'),
      next: between.length > 0 ? 'pause' : 'notify',
    },
    ...between,
    {
      id: 'notify',
      type: 'http',
      method: 'POST',
      url: `${capture.url}/${prefix}/notify`,
      body: body('notify'),
    },
  ]);
}

async function startRuns(engine: Engine, document: unknown, count: number): Promise<string[]> {
  const wf = await engine.createWorkflow(TENANT, document);
  await engine.activateWorkflow(TENANT, wf.id);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await engine.startRun(TENANT, wf.id, { trigger: 'manual' })).id);
  return ids;
}

/** Polls until `check` returns a value (not undefined) or `timeoutMs` passes. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // e.g. PostgreSQL restarting
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await sleep(50);
  }
}

async function statusCounts(db: pg.Pool, runIds: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) GROUP BY status`,
    [runIds],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * The side effects the capture server saw under `prefix`, by Idempotency-Key. Checks that each
 * key stands for one (run, step) and that its repeats are identical; returns the counts.
 */
function sideEffects(prefix: string, runIds: string[]): { keys: number; requests: number; repeats: number } {
  const requests = capture.requests.filter((r) => r.path.startsWith(`/${prefix}/`));
  const byKey = new Map<string, CapturedRequest[]>();
  for (const request of requests) {
    const key = request.headers['idempotency-key'];
    expect(typeof key, 'every request carries an Idempotency-Key').toBe('string');
    byKey.set(key as string, [...(byKey.get(key as string) ?? []), request]);
  }
  const effects = new Set<string>();
  for (const [key, sent] of byKey) {
    expect(new Set(sent.map((r) => `${r.path} ${r.body}`)).size, `repeats of key ${key}`).toBe(1);
    const { run, step } = (sent[0] as CapturedRequest).json as { run: string; step: string };
    effects.add(`${run}/${step}`);
  }
  const expected = runIds.flatMap((id) => [`${id}/charge`, `${id}/notify`]);
  expect(effects.size).toBe(byKey.size);
  expect([...effects].sort()).toEqual(expected.sort());
  return { keys: byKey.size, requests: requests.length, repeats: requests.length - byKey.size };
}

describe('a worker process killed with SIGKILL mid-step', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  function startWorkerProcess(): ChildProcess {
    const child = spawn(process.execPath, ['--import', tsx, cli, 'worker'], {
      cwd: workDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        SWITCHBOARD_DATA_DIR: path.join(workDir, 'data'),
        SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64'),
        HTTP_ALLOW_HOSTS: '127.0.0.1',
        WORKER_CONCURRENCY: '6',
        ENGINE_HEARTBEAT_SECONDS: '1',
        ENGINE_DEAD_WORKER_SECONDS: '3',
        LOG_LEVEL: 'error',
        LOG_FORMAT: 'json',
      },
    });
    children.push(child);
    return child;
  }

  /** The graphile-worker ids a worker process registered (engine_workers.process_id = host/pid/…). */
  async function workerIdsOf(child: ChildProcess): Promise<string[]> {
    const { rows } = await database.db.pool.query<{ worker_id: string }>(
      `SELECT worker_id FROM engine_workers WHERE split_part(process_id, '/', 2) = $1`,
      [String(child.pid)],
    );
    return rows.map((r) => r.worker_id);
  }

  it('releases its jobs to the other worker; every run completes, each side effect once per key', async () => {
    const begin = Date.now();
    const doomed = startWorkerProcess();
    const survivor = startWorkerProcess();
    await until('both workers to register', 60_000, async () =>
      (await workerIdsOf(doomed)).length === 6 && (await workerIdsOf(survivor)).length === 6
        ? true
        : undefined,
    );
    const workersUpMs = Date.now() - begin;

    capture.respond('/kill/charge', { delayMs: 150, body: { ok: true } });
    capture.respond('/kill/notify', { delayMs: 150, body: { ok: true } });
    const engine = createEngine({ pool: database.db.pool });
    const runIds = await startRuns(engine, twoCalls('kill'), 100);

    // Kill the worker while one of its steps has a request at the capture server, unanswered.
    const doomedIds = await workerIdsOf(doomed);
    const heldAtKill = await until('a request of the doomed worker in flight', 20_000, async () => {
      const recent = capture.requests
        .filter((r) => r.path.startsWith('/kill/'))
        .slice(-12)
        .map((r) => r.json as { run: string; step: string });
      const { rows } = await database.db.pool.query<{ run: string; key: string }>(
        `SELECT payload->>'runId' AS run, payload->>'key' AS key FROM graphile_worker._private_jobs
          WHERE locked_by = ANY($1::text[])`,
        [doomedIds],
      );
      const inFlight = rows.filter((job) =>
        recent.some((r) => r.run === job.run && job.key === `${r.step}#1`),
      );
      return inFlight.length > 0 ? rows.length : undefined;
    });
    doomed.kill('SIGKILL');
    const killedAt = Date.now();
    const requestsAtKill = capture.requests.length;

    const releasedAfterMs = await until('the sweep to release the dead worker', 15_000, async () =>
      (await workerIdsOf(doomed)).length === 0 ? Date.now() - killedAt : undefined,
    );
    await until('all 100 runs to finish', 45_000, async () => {
      const counts = await statusCounts(database.db.pool, runIds);
      return (counts.completed ?? 0) + (counts.failed ?? 0) === 100 ? counts : undefined;
    });

    expect(await statusCounts(database.db.pool, runIds)).toEqual({ completed: 100 });
    const effects = sideEffects('kill', runIds);
    expect(effects.keys).toBe(200);
    // The request in flight at the kill was sent again under the same key.
    expect(effects.repeats).toBeGreaterThanOrEqual(1);
    // Dead after 3 s without a heartbeat (sent every second); sweeps every second. The slack over
    // 4 s is for a loaded CI machine; dead-worker.test.ts checks the threshold itself exactly.
    expect(releasedAfterMs).toBeLessThan(10_000);
    expect(survivor.exitCode).toBeNull();

    survivor.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => survivor.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    console.info('reliability: SIGKILL', {
      workersUpMs,
      jobsHeldAtKill: heldAtKill,
      requestsAtKill,
      releasedAfterMs,
      ...effects,
      totalMs: Date.now() - begin,
    });
  }, 120_000);
});

describe('PostgreSQL restarted under running workflows', () => {
  let dataDir: string;
  let server: EmbeddedServer | undefined;
  let pool: pg.Pool | undefined;
  let engine: Engine | undefined;

  beforeAll(async () => {
    dataDir = path.join(workDir, 'restart');
    server = await startEmbeddedServer({ dataDir });
    const admin = new pg.Client({ connectionString: server.adminUrl() });
    await admin.connect();
    await admin.query('CREATE DATABASE switchboard');
    await admin.end();
    pool = createPool(server.adminUrl('switchboard'), 10);
    await runMigrations(pool);
  });

  afterAll(async () => {
    await engine?.stop();
    await pool?.end();
    await server?.stop();
  });

  it('completes every run once the database is back', async () => {
    const db = pool as pg.Pool;
    const warnings: string[] = [];
    engine = createEngine({
      pool: db,
      config: { pollIntervalMs: 250 },
      logger: {
        debug() {},
        info() {},
        warn(message) {
          warnings.push(message);
        },
        error() {},
      },
      executors: {
        http: createHttpExecutor({
          credentials: { getCredential: async () => null },
          allowHosts: '127.0.0.1',
        }),
      },
    });
    capture.respond('/restart/charge', { delayMs: 300, body: { ok: true } });
    capture.respond('/restart/notify', { delayMs: 300, body: { ok: true } });
    const runIds = await startRuns(
      engine,
      twoCalls('restart', [{ id: 'pause', type: 'wait', for: '1s', next: 'notify' }]),
      20,
    );
    await engine.runWorker({ concurrency: 4, heartbeatIntervalMs: 250, deadWorkerAfterMs: 3000 });
    await until('steps in flight', 20_000, async () =>
      capture.requestsTo('/restart/charge').length >= 8 ? true : undefined,
    );

    const port = (server as EmbeddedServer).port;
    const stoppedAt = Date.now();
    await (server as EmbeddedServer).stop();
    await sleep(1000);
    server = await startEmbeddedServer({ dataDir });
    expect(server.port).toBe(port);
    const downMs = Date.now() - stoppedAt;

    const counts = await until('all 20 runs to finish', 40_000, async () => {
      const c = await statusCounts(db, runIds);
      return (c.completed ?? 0) + (c.failed ?? 0) === 20 ? c : undefined;
    });
    expect(counts).toEqual({ completed: 20 });
    const effects = sideEffects('restart', runIds);
    expect(effects.keys).toBe(40);
    console.info('reliability: PostgreSQL restart', {
      downMs,
      recoveredMs: Date.now() - stoppedAt,
      ...effects,
      warnings: [...new Set(warnings)],
    });
  }, 90_000);
});
