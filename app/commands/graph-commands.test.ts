import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import type { CommandContext } from './index.js';

const VALID = 'graph/fixtures/valid/invoice-approval.json';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const context: Partial<CommandContext> = {
    env: {},
    cwd: process.cwd(),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { context, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function writeDocument(document: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-'));
  const path = join(dir, 'workflow.json');
  await writeFile(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

describe('switchboard validate', () => {
  it('exits 0 for a valid document', async () => {
    const { context, stdout, stderr } = io();
    expect(await runCli(['validate', VALID], context)).toBe(0);
    expect(stdout()).toBe('');
    expect(stderr()).toMatch(/is valid \(0 warnings\)/);
  });

  it('exits 1 with every error as "pointer  code  message"', async () => {
    const path = await writeDocument({
      schema: 'switchboard/workflow@1',
      name: 'Broken',
      locale: 'en',
      trigger: { type: 'webhook' },
      nodes: [{ id: 'tell', type: 'chat', to: 'nobody', text: 'Hi', next: 'missing' }],
    });
    const { context, stdout } = io();
    expect(await runCli(['validate', path], context)).toBe(1);
    const lines = stdout().trim().split('\n');
    expect(lines.map((line) => line.split('  ').slice(0, 2))).toEqual([
      ['/nodes/0/next', 'edge.unknown_target'],
      ['/nodes/0/to', 'reference.invalid'],
    ]);
  });

  it('says which file is not JSON', async () => {
    const path = await writeDocument('{ not json');
    const { context, stderr } = io();
    expect(await runCli(['validate', path], context)).toBe(1);
    expect(stderr()).toMatch(/DOCUMENT_FILE_UNREADABLE.*is not JSON/);
  });

  it('asks for exactly one file', async () => {
    const { context, stderr } = io();
    expect(await runCli(['validate'], context)).toBe(2);
    expect(stderr()).toMatch(/exactly one workflow document file/);
  });
});

describe('switchboard describe', () => {
  it('prints the numbered plain-language preview', async () => {
    const { context, stdout } = io();
    expect(await runCli(['describe', VALID], context)).toBe(0);
    expect(stdout()).toMatch(/^\*\*Invoice approval\*\*/);
    expect(stdout()).toMatch(/\n1\. /);
  });

  it('renders in another locale and as JSON', async () => {
    const { context, stdout } = io();
    expect(await runCli(['describe', VALID, '--locale', 'fr', '--json'], context)).toBe(0);
    const description = JSON.parse(stdout());
    expect(description.locale).toBe('fr');
    expect(description.steps.length).toBeGreaterThan(3);
  });

  it('refuses an invalid document and points at validate', async () => {
    const path = await writeDocument({ schema: 'switchboard/workflow@1' });
    const { context, stderr } = io();
    expect(await runCli(['describe', path], context)).toBe(1);
    expect(stderr()).toMatch(/is invalid; run "switchboard validate/);
  });
});

describe('switchboard schema', () => {
  it('prints the JSON Schema of documents', async () => {
    const { context, stdout } = io();
    expect(await runCli(['schema'], context)).toBe(0);
    const schema = JSON.parse(stdout());
    expect(schema.properties.schema.const).toBe('switchboard/workflow@1');
  });

  it('prints the OpenAI strict variant with every property required', async () => {
    const { context, stdout } = io();
    expect(await runCli(['schema', '--variant', 'openai-strict'], context)).toBe(0);
    const schema = JSON.parse(stdout());
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('refuses an unknown variant', async () => {
    const { context, stderr } = io();
    expect(await runCli(['schema', '--variant', 'gemini'], context)).toBe(2);
    expect(stderr()).toMatch(/Unknown variant "gemini"/);
  });
});
