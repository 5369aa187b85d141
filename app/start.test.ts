import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProcessesFor } from '../test/index.js';

/**
 * `switchboard start` as a real process (run from source through tsx), on a data directory of
 * its own: first start, sharing with `migrate`, SIGTERM, restart, and recovery after kill -9.
 */

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let workDir: string;
let dataDir: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'switchboard-start-'));
  await chmod(workDir, 0o755);
  dataDir = path.join(workDir, 'data');
});

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      killGroup(child, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  await rm(workDir, { recursive: true, force: true });
});

function run(args: string[], viaShell = false): ChildProcess {
  const argv = ['--import', tsx, cli, ...args];
  // `npm start` runs its script through `sh -c`; viaShell reproduces that, npm's variables included.
  const [command, commandArgs] = viaShell
    ? ['sh', ['-c', [process.execPath, ...argv].map((a) => `'${a}'`).join(' ')]]
    : [process.execPath, argv];
  const child = spawn(command as string, commandArgs as string[], {
    cwd: workDir,
    // Its own process group, so a test can kill it together with its PostgreSQL child.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: '',
      SWITCHBOARD_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      npm_lifecycle_event: viaShell ? 'start' : '',
    },
  });
  started.push(child);
  return child;
}

function output(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

/** Starts `switchboard start` and resolves once it logs its URL. */
async function start(viaShell = false): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = run(['start'], viaShell);
  const { stderr } = output(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${stderr()}`)), 30_000);
    child.stderr?.on('data', () => {
      const match = /"msg":"Switchboard is listening on (http:\/\/localhost:\d+)"/.exec(stderr());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${stderr()}`));
    });
  });
  return { child, url, log: stderr };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  process.kill(-child.pid!, signal);
}

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Runs SQL on the running instance's database, as the instance's own files describe it. */
async function query(sql: string): Promise<unknown[]> {
  const credentials = JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8'));
  const server = JSON.parse(await readFile(path.join(dataDir, 'server.json'), 'utf8'));
  const client = new pg.Client({
    host: '127.0.0.1',
    port: server.port,
    user: credentials.user,
    password: credentials.password,
    database: 'switchboard',
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('switchboard start', () => {
  it('answers /healthz on a fresh data directory and shares its database with other commands', async () => {
    const begin = Date.now();
    const { child, url } = await start();
    const { status, body } = await health(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { reachable: true, source: 'embedded' } });
    expect(body.migrations).toMatchObject({ version: expect.any(Number) });
    expect(Date.now() - begin).toBeLessThan(30_000);

    const migrate = run(['migrate']);
    const migrateOutput = output(migrate);
    expect(await exited(migrate)).toBe(0);
    expect(migrateOutput.stdout()).toMatch(/^Nothing to apply/);
    expect(migrateOutput.stderr()).toContain('using the PostgreSQL of the running Switchboard process');

    await query("INSERT INTO tenants (name) VALUES ('kept')");
    killGroup(child, 'SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);
  });

  it('reuses the data on the next start', async () => {
    const { child, url } = await start();
    expect((await health(url)).status).toBe(200);
    expect(await query("SELECT name FROM tenants WHERE name = 'kept'")).toEqual([{ name: 'kept' }]);
    // Ctrl-C in a terminal: SIGINT reaches the whole process group, PostgreSQL included.
    killGroup(child, 'SIGINT');
    expect(await exited(child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('recovers after the process and its PostgreSQL are killed with SIGKILL', async () => {
    const crashed = await start();
    killGroup(crashed.child, 'SIGKILL');
    await exited(crashed.child);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

    const { child, url, log } = await start();
    expect((await health(url)).status).toBe(200);
    expect(log()).toContain('removing stale postmaster.pid');
    expect(await query("SELECT name FROM tenants WHERE name = 'kept'")).toEqual([{ name: 'kept' }]);
    killGroup(child, 'SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('recovers when only the Switchboard process was killed and its PostgreSQL lives on', async () => {
    const crashed = await start();
    crashed.child.kill('SIGKILL');
    await exited(crashed.child);
    expect(postgresProcessesFor(dataDir)).toHaveLength(1);

    const { child, url, log } = await start();
    expect((await health(url)).status).toBe(200);
    expect(log()).toContain('stopping PostgreSQL left running by a previous Switchboard process');
    killGroup(child, 'SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('stops when npm start is sent SIGTERM, which npm does not pass through its shell', async () => {
    const { child, log } = await start(true);
    // npm forwards SIGTERM to the shell only; the shell dies and Switchboard is orphaned.
    child.kill('SIGTERM');
    await exited(child);
    const deadline = Date.now() + 10_000;
    while (postgresProcessesFor(dataDir).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(log()).toMatch(/"msg":"shutting down","reason":"(npm exited|SIGTERM)"/);
  });
});
