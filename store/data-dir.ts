import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataDirBusyError } from './errors.js';
import { isProcessAlive } from './processes.js';

/**
 * The Switchboard data directory (`SWITCHBOARD_DATA_DIR`, default `.switchboard/`):
 *
 * - `postgres/`      the embedded cluster's PGDATA
 * - `postgres.json`  superuser credentials and the last port used (mode 0600, kept across runs)
 * - `server.json`    which process runs the embedded server now, on which port (removed on stop)
 * - `start.lock`     held for the few seconds a process decides whether to start or share
 *
 * Several `switchboard` processes can point at one directory; `server.json` lets them share the
 * PostgreSQL that `switchboard start` runs instead of fighting over PGDATA.
 */

/** Credentials of the embedded cluster's superuser, created with the cluster. */
export interface ClusterCredentials {
  user: string;
  password: string;
  /** The port the cluster last listened on; reused when free. */
  port?: number;
}

/** Written by the process that runs the embedded server. */
export interface ServerRecord {
  /** Process id of the Switchboard process that owns the server. */
  pid: number;
  port: number;
  /** True when the owner is long-lived (`switchboard start`) and others may use its server. */
  shared: boolean;
  startedAt: string;
}

export function pgdataPath(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}

/** Creates the data directory, readable by the `postgres` OS user PostgreSQL may run as. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
}

/** Reads the cluster credentials, creating a random password the first time. */
export async function loadCredentials(dataDir: string): Promise<ClusterCredentials> {
  const existing = await readJson<ClusterCredentials>(path.join(dataDir, 'postgres.json'));
  if (existing) return existing;
  const created: ClusterCredentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await saveCredentials(dataDir, created);
  return created;
}

export async function saveCredentials(dataDir: string, credentials: ClusterCredentials): Promise<void> {
  await writeJsonAtomically(path.join(dataDir, 'postgres.json'), credentials, 0o600);
}

export async function readServerRecord(dataDir: string): Promise<ServerRecord | undefined> {
  return readJson<ServerRecord>(path.join(dataDir, 'server.json'));
}

export async function writeServerRecord(dataDir: string, record: ServerRecord): Promise<void> {
  await writeJsonAtomically(path.join(dataDir, 'server.json'), record, 0o644);
}

/** Removes `server.json` if it still names this process. */
export async function removeServerRecord(dataDir: string): Promise<void> {
  const record = await readServerRecord(dataDir);
  if (record?.pid === process.pid) await rm(path.join(dataDir, 'server.json'), { force: true });
}

/**
 * Runs `fn` while holding `start.lock`, so two processes starting at once do not both
 * initialise or start the cluster. A lock left by a dead process is taken over.
 */
export async function withStartLock<T>(dataDir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lockPath = path.join(dataDir, 'start.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt((await readFile(lockPath, 'utf8').catch(() => '')).trim(), 10);
    if (!isProcessAlive(holder)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new DataDirBusyError(
        `Process ${holder} has been starting PostgreSQL in ${dataDir} for over ${timeoutMs / 1000} s; ` +
          'wait for it to finish or stop it, then retry.',
      );
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}

async function writeJsonAtomically(file: string, value: unknown, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(temporary, file);
}
