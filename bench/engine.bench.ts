/**
 * Engine benchmark (`npm run bench:engine`): the engine against raw graphile-worker on one
 * database, printed as one JSON object.
 *
 * - `chain`: time per step of a 40-step chain of `transform` steps, against time per job of raw
 *   jobs that each enqueue the next: for each chain, (start of its last step − start of its
 *   first) / 39, and the p50 of that over the chains, for both sides alike. Target ratio ≤ 1.5.
 *   The engine runs transform steps inline (several per job, `inlineStepsPerJob`), so a gap
 *   between two step starts is either a whole job or a step inside one; the per-chain mean
 *   counts both. `engine_one_job_per_step_*` is the same chain with `inlineStepsPerJob: 0`, for
 *   comparison only.
 * - `throughput`: steps per second with 500 concurrent runs of 10 steps, against raw jobs per
 *   second for 500 concurrent chains of 10 jobs. Target ratio ≥ 0.5.
 * - `trigger_latency`: a signed webhook request received by the real route → its first step's
 *   `started_at`. Target p50 ≤ 15 ms.
 * - `commits_per_step`: `pg_stat_database.xact_commit` delta over the engine's throughput phase,
 *   per step. Target ≤ 3.
 *
 * Both sides run graphile-worker with its defaults (no `localQueue`, no
 * `completeJobBatchDelay`/`failJobBatchDelay`), concurrency 8 and a 1 s poll interval.
 *
 * Uses DATABASE_URL (a database it may fill with benchmark rows) when set, else a dedicated
 * embedded PostgreSQL in a temporary folder. Step start times come from wrapping the transform
 * node's `start` (every step here is a transform), taken where raw jobs take theirs: at the
 * start of the work; a step counts as finished when the job that ran it (wrapped
 * `Runtime.prototype.runStepJob`) has finished.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { Logger, run as runGraphileWorker, runMigrations as runWorkerMigrations } from 'graphile-worker';
import pg from 'pg';
import { webhookRoutes } from '../admin/index.js';
import { createEngine, type Engine, signWebhook } from '../engine/index.js';
import { transformNode } from '../engine/nodes/transform.js';
import { Runtime } from '../engine/runtime.js';
import type { StepJobPayload } from '../engine/sql/jobs.js';
import { createPool, DEFAULT_TENANT_ID, runMigrations, startEmbeddedServer } from '../store/index.js';

const CONCURRENCY = 8;
const POOL_SIZE = CONCURRENCY + 4;
const CHAIN_STEPS = 40;
const CHAIN_REPEATS = 9;
const THROUGHPUT_RUNS = 500;
const THROUGHPUT_STEPS = 10;
const WEBHOOK_REQUESTS = 200;
const RAW_TASK = 'bench_raw';
const silentWorkerLogger = new Logger(() => () => {});
const TARGET = { chainRatio: 1.5, throughputRatio: 0.5, triggerP50Ms: 15, commitsPerStep: 3 };
const WORKER_SETTINGS =
  'engine and raw alike: graphile-worker 0.16.6 defaults (no localQueue, no completeJobBatchDelay or failJobBatchDelay), concurrency 8, pollInterval 1000 ms';

// ---------------------------------------------------------------------------------------------
// Instrumentation: every step's start (monotonic ms), counts of step jobs and finished steps.

const stepStarts = new Map<string, number[]>();
let stepJobsRun = 0;
let stepsDone = 0;
let onStepsDone: (() => void) | undefined;
const startTransform = transformNode.start;
transformNode.start = async (t, step, node) => {
  const starts = stepStarts.get(t.run.id) ?? [];
  starts.push(performance.now());
  stepStarts.set(t.run.id, starts);
  await startTransform(t, step, node);
};
const runStepJob = Runtime.prototype.runStepJob;
Runtime.prototype.runStepJob = async function counted(this: Runtime, payload: StepJobPayload) {
  const before = stepStarts.get(payload.runId)?.length ?? 0;
  stepJobsRun++;
  try {
    await runStepJob.call(this, payload);
  } finally {
    // The job's steps (its own and those it ran inline) are committed now.
    stepsDone += (stepStarts.get(payload.runId)?.length ?? 0) - before;
    onStepsDone?.();
  }
};

/** Resolves once `count` more steps have finished (call before they can run). */
function stepsFinished(count: number): Promise<void> {
  const target = stepsDone + count;
  return new Promise((resolve) => {
    onStepsDone = () => {
      if (stepsDone >= target) {
        onStepsDone = undefined;
        resolve();
      }
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics.

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Mean time per step of one chain: from its first step's start to its last step's start. */
function perStep(starts: number[]): number {
  return ((starts.at(-1) as number) - (starts[0] as number)) / (starts.length - 1);
}

// ---------------------------------------------------------------------------------------------
// Database.

interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

async function openBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, close: async () => {} };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-'));
  // PostgreSQL may run as the `postgres` OS user (when run as root); it must enter the folder.
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedServer({ dataDir });
  const admin = new pg.Client({ connectionString: server.adminUrl() });
  await admin.connect();
  await admin.query('CREATE DATABASE switchboard_bench');
  await admin.end();
  return {
    url: server.adminUrl('switchboard_bench'),
    async close() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Committed transactions of the database so far. Backends report their statistics at exit or
 * after a delay, so this reads until the figure settles; each reading is one connection (its
 * start-up and its query commit two transactions, reported when it exits), so "settled" means
 * "grew by at most that".
 */
async function committedTransactions(url: string): Promise<number> {
  let last = Number.NaN;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    await client.end();
    const n = Number(rows[0]?.n);
    if (n - last <= 2) return n;
    last = n;
    await new Promise((resolve) => setTimeout(resolve, 1200));
  }
}

// ---------------------------------------------------------------------------------------------
// The engine side.

function transformChain(steps: number, trigger: unknown = { type: 'manual' }): unknown {
  return {
    schema: 'switchboard/workflow@1',
    name: `Chain of ${steps}`,
    locale: 'en',
    trigger,
    nodes: Array.from({ length: steps }, (_, i) => ({
      id: `s${i + 1}`,
      type: 'transform',
      set: { [`v${i + 1}`]: `${i + 1}` },
      ...(i + 1 < steps ? { next: `s${i + 2}` } : {}),
    })),
  };
}

interface EngineHandle {
  engine: Engine;
  pool: pg.Pool;
  close(): Promise<void>;
}

async function openEngine(url: string, inlineStepsPerJob?: number): Promise<EngineHandle> {
  const pool = createPool(url, POOL_SIZE);
  const engine = createEngine({
    pool,
    config: { pollIntervalMs: 1000, ...(inlineStepsPerJob === undefined ? {} : { inlineStepsPerJob }) },
  });
  return {
    engine,
    pool,
    async close() {
      await engine.stop();
      await pool.end();
    },
  };
}

async function activeWorkflow(
  engine: Engine,
  document: unknown,
): Promise<{ id: string; secret: string | null }> {
  const workflow = await engine.createWorkflow(DEFAULT_TENANT_ID, document);
  const activation = await engine.activateWorkflow(DEFAULT_TENANT_ID, workflow.id);
  return { id: workflow.id, secret: activation.webhookSecret };
}

interface ChainSamples {
  /** Mean time per step of each chain. */
  perStepMs: number[];
  /** Step jobs run per step. */
  jobsPerStep: number;
}

async function engineChain(url: string, inlineStepsPerJob?: number): Promise<ChainSamples> {
  const { engine, close } = await openEngine(url, inlineStepsPerJob);
  try {
    const { id } = await activeWorkflow(engine, transformChain(CHAIN_STEPS));
    await engine.runWorker({ concurrency: CONCURRENCY });
    const perStepMs: number[] = [];
    let jobs = 0;
    for (let repeat = 0; repeat <= CHAIN_REPEATS; repeat++) {
      const done = stepsFinished(CHAIN_STEPS);
      const jobsBefore = stepJobsRun;
      const run = await engine.startRun(DEFAULT_TENANT_ID, id, { trigger: 'manual' });
      await done;
      // The first chain warms caches and connections.
      if (repeat > 0) {
        perStepMs.push(perStep(stepStarts.get(run.id) ?? []));
        jobs += stepJobsRun - jobsBefore;
      }
    }
    return { perStepMs, jobsPerStep: jobs / (CHAIN_REPEATS * CHAIN_STEPS) };
  } finally {
    await close();
  }
}

async function engineThroughput(
  url: string,
): Promise<{ stepsPerSecond: number; commitsPerStep: number; jobsPerStep: number }> {
  const handle = await openEngine(url);
  const { id } = await activeWorkflow(handle.engine, transformChain(THROUGHPUT_STEPS));
  const before = await committedTransactions(url);
  const steps = THROUGHPUT_RUNS * THROUGHPUT_STEPS;
  const jobsBefore = stepJobsRun;
  let stepsPerSecond: number;
  try {
    const runIds: string[] = [];
    for (let i = 0; i < THROUGHPUT_RUNS; i++) {
      runIds.push((await handle.engine.startRun(DEFAULT_TENANT_ID, id, { trigger: 'manual' })).id);
    }
    const done = stepsFinished(steps);
    await handle.engine.runWorker({ concurrency: CONCURRENCY });
    await done;
    // From the first step's start to the last step's end, as for the raw jobs.
    const firstStart = Math.min(...runIds.map((runId) => stepStarts.get(runId)?.[0] ?? Number.NaN));
    stepsPerSecond = steps / ((performance.now() - firstStart) / 1000);
  } finally {
    await handle.close();
  }
  // Counted over the whole phase: starting the runs, the worker, its housekeeping.
  const after = await committedTransactions(url);
  return {
    stepsPerSecond,
    commitsPerStep: (after - before) / steps,
    jobsPerStep: (stepJobsRun - jobsBefore) / steps,
  };
}

// ---------------------------------------------------------------------------------------------
// Raw graphile-worker jobs: each job enqueues the next of its chain.

interface RawPayload {
  chain: number;
  n: number;
  length: number;
}

interface RawTimings {
  /** Start times of each chain's jobs. */
  starts: Map<number, number[]>;
  /** When the last job finished. */
  finishedAt: number;
}

async function rawPhase(url: string, chains: number, length: number): Promise<RawTimings> {
  const pool = createPool(url, POOL_SIZE);
  const starts = new Map<number, number[]>();
  let finishedAt = Number.NaN;
  let remaining = chains * length;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  try {
    for (let chain = 0; chain < chains; chain++) {
      await pool.query('SELECT graphile_worker.add_job($1, $2::json)', [
        RAW_TASK,
        JSON.stringify({ chain, n: 1, length }),
      ]);
    }
    const runner = await runGraphileWorker({
      pgPool: pool,
      concurrency: CONCURRENCY,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: silentWorkerLogger,
      taskList: {
        [RAW_TASK]: async (payload, helpers) => {
          const job = payload as RawPayload;
          const list = starts.get(job.chain) ?? [];
          list.push(performance.now());
          starts.set(job.chain, list);
          if (job.n < job.length) await helpers.addJob(RAW_TASK, { ...job, n: job.n + 1 });
          if (--remaining === 0) {
            finishedAt = performance.now();
            finish();
          }
        },
      },
    });
    await done;
    await runner.stop();
    return { starts, finishedAt };
  } finally {
    await pool.end();
  }
}

async function rawChain(url: string): Promise<number[]> {
  const samples: number[] = [];
  for (let repeat = 0; repeat <= CHAIN_REPEATS; repeat++) {
    const { starts } = await rawPhase(url, 1, CHAIN_STEPS);
    if (repeat > 0) samples.push(perStep(starts.get(0) ?? []));
  }
  return samples;
}

async function rawThroughput(url: string): Promise<{ jobsPerSecond: number; commitsPerJob: number }> {
  const jobs = THROUGHPUT_RUNS * THROUGHPUT_STEPS;
  const before = await committedTransactions(url);
  const { starts, finishedAt } = await rawPhase(url, THROUGHPUT_RUNS, THROUGHPUT_STEPS);
  const after = await committedTransactions(url);
  const firstStart = Math.min(...[...starts.values()].map((list) => list[0] ?? Number.NaN));
  return { jobsPerSecond: jobs / ((finishedAt - firstStart) / 1000), commitsPerJob: (after - before) / jobs };
}

// ---------------------------------------------------------------------------------------------
// Webhook trigger latency: the real route, signed requests, receipt → first step started.

async function triggerLatency(url: string): Promise<number[]> {
  const handle = await openEngine(url);
  const received = new Map<string, number>();
  const app = express();
  app.use((request, _response, next) => {
    received.set(request.headers['x-bench-request'] as string, Date.now());
    next();
  });
  webhookRoutes({ engine: handle.engine })(app);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const { id, secret } = await activeWorkflow(handle.engine, transformChain(2, { type: 'webhook' }));
    await handle.engine.runWorker({ concurrency: CONCURRENCY });
    const port = (server.address() as AddressInfo).port;
    const runs: { request: string; runId: string }[] = [];
    for (let i = 0; i < WEBHOOK_REQUESTS; i++) {
      const body = JSON.stringify({ order: i });
      const done = stepsFinished(2);
      const response = await fetch(`http://127.0.0.1:${port}/hooks/${id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-bench-request': String(i),
          'x-switchboard-signature': signWebhook(secret as string, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      if (response.status !== 202)
        throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      runs.push({ request: String(i), runId: ((await response.json()) as { runId: string }).runId });
      await done;
    }
    const { rows } = await handle.pool.query<{ run_id: string; started_at: Date }>(
      `SELECT run_id, started_at FROM step_states WHERE run_id = ANY($1) AND node_id = 's1'`,
      [runs.map((r) => r.runId)],
    );
    const started = new Map(rows.map((r) => [r.run_id, r.started_at.getTime()]));
    // The first few requests warm connections and caches.
    return runs.slice(10).map((r) => (started.get(r.runId) as number) - (received.get(r.request) as number));
  } finally {
    server.close();
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------

/** Runs one phase, telling stderr (stdout carries only the report). */
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  process.stderr.write(`${name}…`);
  const result = await fn();
  process.stderr.write(` ${round((performance.now() - start) / 1000, 1)} s\n`);
  return result;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const began = performance.now();
  try {
    {
      // Install both schemas before anything is timed.
      const pool = createPool(database.url, 2);
      await runMigrations(pool);
      await runWorkerMigrations({ pgPool: pool, logger: silentWorkerLogger });
      await pool.end();
    }
    const engineChainMs = await phase('engine chain', () => engineChain(database.url));
    const oneJobPerStepMs = await phase('engine chain, one job per step', () => engineChain(database.url, 0));
    const rawChainMs = await phase('raw chain', () => rawChain(database.url));
    const engineRate = await phase('engine throughput', () => engineThroughput(database.url));
    const rawRate = await phase('raw throughput', () => rawThroughput(database.url));
    const latency = await phase('webhook trigger latency', () => triggerLatency(database.url));

    const chainEngine = quantile(engineChainMs.perStepMs, 0.5);
    const chainRaw = quantile(rawChainMs, 0.5);
    const chainOneJobPerStep = quantile(oneJobPerStepMs.perStepMs, 0.5);
    const report = {
      benchmark: 'engine',
      node: process.version,
      cpu: { model: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
      loadAverage: loadavg().map((load) => round(load, 2)),
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
      workerConcurrency: CONCURRENCY,
      workerSettings: WORKER_SETTINGS,
      chain: {
        steps: CHAIN_STEPS,
        chains: CHAIN_REPEATS,
        measure: 'p50 over chains of (last step start - first step start) / (steps - 1), both sides',
        engine_p50_ms: round(chainEngine),
        engine_jobs_per_step: round(engineChainMs.jobsPerStep, 3),
        raw_p50_ms: round(chainRaw),
        ratio: round(chainEngine / chainRaw, 2),
        engine_one_job_per_step_p50_ms: round(chainOneJobPerStep),
        engine_one_job_per_step_ratio: round(chainOneJobPerStep / chainRaw, 2),
        target: `ratio <= ${TARGET.chainRatio}`,
        met: chainEngine / chainRaw <= TARGET.chainRatio,
      },
      throughput: {
        runs: THROUGHPUT_RUNS,
        steps_per_run: THROUGHPUT_STEPS,
        engine_steps_per_s: round(engineRate.stepsPerSecond, 1),
        engine_jobs_per_step: round(engineRate.jobsPerStep, 3),
        raw_jobs_per_s: round(rawRate.jobsPerSecond, 1),
        ratio: round(engineRate.stepsPerSecond / rawRate.jobsPerSecond, 2),
        target: `ratio >= ${TARGET.throughputRatio}`,
        met: engineRate.stepsPerSecond / rawRate.jobsPerSecond >= TARGET.throughputRatio,
      },
      trigger_latency: {
        requests: latency.length,
        p50_ms: quantile(latency, 0.5),
        p99_ms: quantile(latency, 0.99),
        target: `p50 <= ${TARGET.triggerP50Ms} ms`,
        met: quantile(latency, 0.5) <= TARGET.triggerP50Ms,
      },
      commits_per_step: {
        value: round(engineRate.commitsPerStep, 2),
        // For comparison: raw jobs (fetch, enqueue the next, complete) measured the same way.
        raw_commits_per_job: round(rawRate.commitsPerJob, 2),
        target: `<= ${TARGET.commitsPerStep}`,
        met: engineRate.commitsPerStep <= TARGET.commitsPerStep,
      },
      durationS: round((performance.now() - began) / 1000, 1),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
