import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, findTenant } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import { runCli } from '../run-cli.js';
import type { CommandContext } from './index.js';

const DOUBLE = 'admin/fixtures/double.json';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const context: Partial<CommandContext> = {
    env: {
      DATABASE_URL: testDb.url,
      SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'error',
    },
    cwd: process.cwd(),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { context, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('switchboard apikey', () => {
  it('prints a new key for the default tenant that authenticates', async () => {
    const { context, stdout, stderr } = io();
    expect(await runCli(['apikey', 'create', '--name', 'ci'], context)).toBe(0);
    const key = stdout().trim();
    expect(key).toMatch(/^sb_live_[A-Za-z0-9_-]{43}$/);
    expect(stderr()).toMatch(/for tenant "default"/);
    const caller = await authenticateApiKey(testDb.db.pool, key);
    expect(caller?.tenantId).toBe('00000000-0000-0000-0000-000000000001');
    const { rows } = await testDb.db.pool.query('SELECT key_hash FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('creates a missing tenant, saying so', async () => {
    const { context, stdout, stderr } = io();
    expect(await runCli(['apikey', 'create', '--tenant', 'acme'], context)).toBe(0);
    expect(stderr()).toMatch(/Created tenant "acme"/);
    const acme = await findTenant(testDb.db.pool, 'acme');
    expect((await authenticateApiKey(testDb.db.pool, stdout().trim()))?.tenantId).toBe(acme?.id);
  });

  it('lists and revokes keys', async () => {
    const created = io();
    await runCli(['apikey', 'create', '--tenant', 'revokers', '--name', 'temp'], created.context);
    const listed = io();
    expect(await runCli(['apikey', 'list', '--tenant', 'revokers'], listed.context)).toBe(0);
    const id = listed.stdout().split(/\s+/)[0] as string;
    expect(listed.stdout()).toMatch(/temp .*never used {2}live/);
    expect(await runCli(['apikey', 'revoke', id, '--tenant', 'revokers'], io().context)).toBe(0);
    expect(await authenticateApiKey(testDb.db.pool, created.stdout().trim())).toBeUndefined();
  });

  it('answers a missing action with exit code 2', async () => {
    const { context, stderr } = io();
    expect(await runCli(['apikey'], context)).toBe(2);
    expect(stderr()).toMatch(/apikey create/);
  });
});

describe('switchboard run', () => {
  it('runs a document ad hoc and with --wait prints the final run', async () => {
    const { context, stdout } = io();
    expect(await runCli(['run', DOUBLE, '--input', '{"n": 4}', '--wait', '--timeout', '20'], context)).toBe(
      0,
    );
    const run = JSON.parse(stdout());
    expect(run).toMatchObject({ status: 'completed', output: { doubled: 8 } });
    expect(run.steps.map((s: { node: string; status: string }) => [s.node, s.status])).toEqual([
      ['double', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    const { rows } = await testDb.db.pool.query('SELECT active_version FROM workflows WHERE id = $1', [
      run.workflowId,
    ]);
    expect(rows[0].active_version).toBeNull();
  });

  it('exits 1 when the run fails', async () => {
    const { context, stdout } = io();
    expect(await runCli(['run', DOUBLE, '--input', '{"n": "x"}', '--wait'], context)).toBe(1);
    expect(JSON.parse(stdout()).status).toBe('failed');
  });

  it('prints every validation error and runs nothing for an invalid document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-run-'));
    const path = join(dir, 'broken.json');
    await writeFile(
      path,
      JSON.stringify({ schema: 'switchboard/workflow@1', name: 'x', locale: 'en', nodes: [] }),
    );
    const before = await testDb.db.pool.query('SELECT count(*)::int AS n FROM runs');
    const { context, stderr } = io();
    expect(await runCli(['run', path], context)).toBe(1);
    expect(stderr()).toMatch(/nothing was run/);
    const after = await testDb.db.pool.query('SELECT count(*)::int AS n FROM runs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses --input that is not JSON with exit code 2', async () => {
    const { context, stderr } = io();
    expect(await runCli(['run', DOUBLE, '--input', '{n: 1}'], context)).toBe(2);
    expect(stderr()).toMatch(/--input must be JSON/);
  });
});
