/**
 * `npm run demo`: starts its own embedded PostgreSQL in a temporary folder, migrates it, plays
 * the invoice story (story.ts) and removes everything again. Exit code 0 when the story ended as
 * it should (run completed, requester told).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool, runMigrations, startEmbeddedServer } from '../store/index.js';
import { runDemo } from './story.js';

async function main(): Promise<number> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-demo-'));
  // PostgreSQL may run as the `postgres` OS user (when run as root); it must enter the folder.
  await chmod(dataDir, 0o755);
  process.stdout.write('Starting an embedded PostgreSQL for the demo…\n');
  const server = await startEmbeddedServer({ dataDir });
  const pool = createPool(server.adminUrl(), 5);
  try {
    await runMigrations(pool);
    const outcome = await runDemo({
      pool,
      print: (line) => process.stdout.write(`${line}\n`),
      color: process.stdout.isTTY === true,
    });
    const ok = outcome.runStatus === 'completed' && outcome.requesterTold.includes('was approved');
    if (!ok) process.stderr.write(`The story did not end as expected: ${JSON.stringify(outcome)}\n`);
    return ok ? 0 : 1;
  } finally {
    await pool.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
