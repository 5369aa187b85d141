import { describe, expect, it } from 'vitest';
import type { CommandContext } from './commands/index.js';
import { runCli } from './run-cli.js';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const context: Partial<CommandContext> = {
    env,
    cwd: process.cwd(),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { context, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('runCli', () => {
  it('lists the commands for help', async () => {
    const { context, stdout } = io();
    expect(await runCli(['help'], context)).toBe(0);
    expect(stdout()).toMatch(/^Usage: switchboard <command>/);
    expect(stdout()).toMatch(/ {2}start {2,}Start the service/);
    expect(stdout()).toMatch(/ {2}migrate {2,}Apply pending database migrations/);
  });

  it('answers an unknown command with the help text and exit code 2', async () => {
    const { context, stderr } = io();
    expect(await runCli(['frobnicate'], context)).toBe(2);
    expect(stderr()).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: switchboard/);
  });

  it('answers no command with the help text and exit code 2', async () => {
    const { context, stderr } = io();
    expect(await runCli([], context)).toBe(2);
    expect(stderr()).toMatch(/No command given/);
  });

  it('rejects an unknown option with exit code 2 and the usage', async () => {
    const { context, stderr } = io();
    expect(await runCli(['migrate', '--fast'], context)).toBe(2);
    expect(stderr()).toMatch(/Unknown option '--fast'[\s\S]*Usage: switchboard migrate/);
  });

  it('prints a command’s usage for --help', async () => {
    const { context, stdout } = io();
    expect(await runCli(['migrate', '--help'], context)).toBe(0);
    expect(stdout()).toContain('Usage: switchboard migrate');
  });

  it('stops with exit code 1 and names the variable when the configuration is bad', async () => {
    const { context, stderr } = io({ PORT: 'x' });
    expect(await runCli(['start'], context)).toBe(1);
    expect(stderr()).toMatch(/^Error \[CONFIG_INVALID\]: Invalid configuration:\n {2}PORT: /);
  });

  it('migrates the database of DATABASE_URL', async () => {
    const { createTestDatabase } = await import('../test/index.js');
    const testDb = await createTestDatabase({ migrated: false });
    try {
      const { context, stdout } = io({ DATABASE_URL: testDb.url, LOG_LEVEL: 'error' });
      expect(await runCli(['migrate'], context)).toBe(0);
      expect(stdout()).toMatch(/^Applied 0001_tenancy\.sql.*; the database is at migration \d+\.\n$/);
    } finally {
      await testDb.drop();
    }
  });

  it('names DATABASE_URL when its server cannot be reached', async () => {
    const { context, stderr } = io({ DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/nothing' });
    expect(await runCli(['migrate'], context)).toBe(1);
    expect(stderr()).toMatch(
      /^Error \[DATABASE_UNREACHABLE\]: Cannot use the PostgreSQL at postgres:\/\/someone:\*\*\*@/,
    );
    expect(stderr()).toContain('Check DATABASE_URL');
    expect(stderr()).not.toContain('secret');
  });
});
