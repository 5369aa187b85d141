import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  ensureDataDir,
  loadCredentials,
  pgdataPath,
  readServerRecord,
  removeServerRecord,
  type ServerRecord,
  withStartLock,
  writeServerRecord,
} from './data-dir.js';
import { startEmbeddedServer } from './embedded.js';
import { DatabaseUnreachableError, DataDirBusyError } from './errors.js';
import { redactUrl, type StoreLogger, silentLogger } from './log.js';
import { isPostmasterOf, isProcessAlive } from './processes.js';
import { type TenantTx, withTenant } from './tenancy.js';

/** An open connection pool plus the means to close it and whatever server it brought up. */
export interface Database {
  readonly pool: pg.Pool;
  /**
   * Where the server came from: `url` (DATABASE_URL), `embedded` (started by this process) or
   * `shared` (the embedded server of a running `switchboard start` on the same data directory).
   */
  readonly source: 'url' | 'embedded' | 'shared';
  /** Connection URL with the password masked, for logs. */
  readonly displayUrl: string;
  /** Runs `fn` in a transaction scoped to `tenantId` (see `withTenant`). */
  withTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /** Ends the pool and, when this process started the embedded server, stops it. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Use this server. When unset, the embedded server of `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Switchboard data directory, for the embedded server. */
  dataDir: string;
  /**
   * True for long-lived processes (`switchboard start`): other Switchboard processes on the
   * same data directory then use this process's embedded server. Default false: short commands
   * run their own server and others wait for them to finish.
   */
  share?: boolean;
  /** Most connections in the pool; default 10. */
  poolSize?: number;
  logger?: StoreLogger;
  /** How long to wait for another process that is starting or briefly using the data directory; default 60 s. */
  waitMs?: number;
}

/** Name of the database Switchboard uses inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'switchboard';

/** Connects to DATABASE_URL or to the data directory's embedded server (started or shared). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, options.poolSize, logger);
    await checkConnection(pool, options.databaseUrl);
    return databaseOf(pool, 'url', options.databaseUrl, () => pool.end());
  }
  const dataDir = path.resolve(options.dataDir);
  const waitMs = options.waitMs ?? 60_000;
  await ensureDataDir(dataDir);
  return withStartLock(dataDir, waitMs, async () => {
    const owner = await waitForSharedOwner(dataDir, waitMs);
    if (owner) return attachToOwner(dataDir, owner, options, logger);
    return startOwnServer(dataDir, options, logger);
  });
}

/** Wraps an existing pool (e.g. a test database) in the `Database` interface. */
export function databaseOf(
  pool: pg.Pool,
  source: Database['source'],
  url: string,
  close: () => Promise<void>,
): Database {
  return {
    pool,
    source,
    displayUrl: redactUrl(url),
    withTenant: (tenantId, fn) => withTenant(pool, tenantId, fn),
    close,
  };
}

/** Creates a pool whose idle-connection errors are logged instead of crashing the process. */
export function createPool(url: string, poolSize = 10, logger: StoreLogger = silentLogger): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'switchboard' });
  pool.on('error', (error) => logger.warn('idle database connection failed', { error: error.message }));
  return pool;
}

async function startOwnServer(dataDir: string, options: OpenDatabaseOptions, logger: StoreLogger) {
  const server = await startEmbeddedServer({ dataDir, logger });
  try {
    await ensureDatabaseExists(server.adminUrl(), EMBEDDED_DATABASE);
    await writeServerRecord(dataDir, {
      pid: process.pid,
      port: server.port,
      shared: options.share ?? false,
      startedAt: new Date().toISOString(),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = server.adminUrl(EMBEDDED_DATABASE);
  const pool = createPool(url, options.poolSize, logger);
  return databaseOf(pool, 'embedded', url, async () => {
    await pool.end();
    await removeServerRecord(dataDir);
    await server.stop();
  });
}

async function attachToOwner(
  dataDir: string,
  owner: ServerRecord,
  options: OpenDatabaseOptions,
  logger: StoreLogger,
): Promise<Database> {
  const credentials = await loadCredentials(dataDir);
  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${owner.port}/${EMBEDDED_DATABASE}`;
  logger.info('using the PostgreSQL of the running Switchboard process', {
    pid: owner.pid,
    port: owner.port,
  });
  const pool = createPool(url, options.poolSize, logger);
  return databaseOf(pool, 'shared', url, () => pool.end());
}

/**
 * The record of a live process already running this data directory's server if it shares it;
 * undefined when nobody does (a record left by a crash is ignored). A live owner that does not
 * share (a short command) is waited for.
 */
async function waitForSharedOwner(dataDir: string, waitMs: number): Promise<ServerRecord | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const record = await readServerRecord(dataDir);
    if (!record || !(await isOwnerLive(dataDir, record))) return undefined;
    // The same process opening its own data directory again shares with itself.
    if (record.shared || record.pid === process.pid) return record;
    if (Date.now() >= deadline) {
      throw new DataDirBusyError(
        `Switchboard process ${record.pid} is using the PostgreSQL in ${dataDir}; ` +
          'wait for it to finish, or run `switchboard start` so commands can share its database.',
      );
    }
    await sleep(200);
  }
}

async function isOwnerLive(dataDir: string, record: ServerRecord): Promise<boolean> {
  if (!isProcessAlive(record.pid)) return false;
  const pgdata = pgdataPath(dataDir);
  const pidFile = await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '');
  return isPostmasterOf(Number.parseInt(pidFile.split('\n')[0] ?? '', 10), pgdata);
}

async function checkConnection(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new DatabaseUnreachableError(
      `Cannot use the PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}. ` +
        'Check DATABASE_URL (host, port, user, password, database), or unset it to use the embedded server.',
      { cause: error },
    );
  }
}

async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
