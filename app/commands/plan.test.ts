import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import type { CommandContext } from './index.js';

async function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const context: Partial<CommandContext> = {
    env,
    // An empty folder: no .env with provider keys is picked up.
    cwd: await mkdtemp(`${tmpdir()}/switchboard-plan-`),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { context, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('switchboard plan', () => {
  it('exits 1 naming the variables to set when no provider is configured', async () => {
    const { context, stdout, stderr } = await io();
    expect(await runCli(['plan', 'Tell #finance when an invoice arrives'], context)).toBe(1);
    expect(stdout()).toBe('');
    expect(stderr()).toMatch(/LLM_NOT_CONFIGURED/);
    expect(stderr()).toMatch(/ANTHROPIC_API_KEY/);
    expect(stderr()).toMatch(/OPENAI_API_KEY/);
    expect(stderr()).toMatch(/LLM_BASE_URL/);
  });

  it('is a usage error without a description', async () => {
    const { context, stderr } = await io();
    expect(await runCli(['plan'], context)).toBe(2);
    expect(stderr()).toMatch(/Give the description/);
  });

  it('names a context file it cannot read', async () => {
    const { context, stderr } = await io({ ANTHROPIC_API_KEY: 'sk-test' });
    expect(await runCli(['plan', 'Anything', '--context', 'missing.json'], context)).toBe(1);
    expect(stderr()).toMatch(/DOCUMENT_FILE_UNREADABLE.*planning context/);
  });
});
