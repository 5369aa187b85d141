import { execFileSync } from 'node:child_process';

/**
 * Running PostgreSQL postmasters whose command line names `dir` (a data directory or PGDATA),
 * ignoring zombies (exited processes not yet reaped by their parent).
 */
export function postgresProcessesFor(dir: string): number[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .filter(([, , stat, args]) => !stat!.startsWith('Z') && /postgres/.test(args!) && args!.includes(dir))
    .map(([, pid]) => Number(pid));
}
