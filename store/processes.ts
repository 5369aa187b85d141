import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Operating-system process checks used to tell a live PostgreSQL or Switchboard process from a
 * stale pid file. Linux answers from /proc; elsewhere `ps` is asked.
 */

/** True when `pid` names a running process (zombies count as dead). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readProcFile(pid, 'stat');
  if (stat !== undefined) {
    // Field 3, after the parenthesised command name, is the state; Z = zombie, X = dead.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (e.g. the `postgres` user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of `pid` as one string, or undefined when it is not running. */
export function processCommandLine(pid: number): string | undefined {
  if (!isProcessAlive(pid)) return undefined;
  const cmdline = readProcFile(pid, 'cmdline');
  if (cmdline !== undefined) return cmdline.split('\0').join(' ').trim();
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** True when `pid` is a running PostgreSQL postmaster serving the data directory `pgdata`. */
export function isPostmasterOf(pid: number, pgdata: string): boolean {
  const commandLine = processCommandLine(pid);
  return commandLine !== undefined && /postgres/.test(commandLine) && commandLine.includes(pgdata);
}

/** Resolves true once `pid` has exited, or false when `timeoutMs` passes first. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

function readProcFile(pid: number, file: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
