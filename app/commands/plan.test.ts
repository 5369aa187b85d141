import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID, listLlmCalls } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { type FakeLlmServer, reply, startFakeLlm } from '../../test/fake-llm.js';
import { runCli } from '../run-cli.js';
import type { CommandContext } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: test fixtures are plain JSON read for their fields
function readJson(path: string): any {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
}

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

describe('switchboard plan against a provider', () => {
  let fake: FakeLlmServer;
  let testDb: TestDatabase;

  beforeAll(async () => {
    [fake, testDb] = await Promise.all([startFakeLlm(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([fake?.close(), testDb?.drop()]);
  });

  it('prints the preview and the document, and records the call for the default tenant', async () => {
    // The weekly-report planner scenario: its tenant context lets the fixture pass the policy check.
    const scenario = readJson('../../planner/scenarios/weekly-report.json');
    const document = readJson('../../graph/fixtures/valid/weekly-report.json');
    const { tenantId: _scenarioTenant, ...planningContext } = scenario.context;
    fake.enqueue(
      'openai',
      reply.object({ kind: 'workflow', workflow: document, questions: null, reason: null }),
    );
    const { context, stdout, stderr } = await io({
      DATABASE_URL: testDb.url,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrl('openai'),
      LLM_MAX_RETRIES: '0',
    });
    const contextFile = `${context.cwd}/context.json`;
    await writeFile(contextFile, JSON.stringify(planningContext));
    const code = await runCli(['plan', scenario.description, '--context', contextFile], context);
    expect({ code, stderr: stderr() }).toEqual({ code: 0, stderr: '' });
    expect(stdout()).toContain(`**${document.name}**`);
    expect(JSON.parse(stdout().slice(stdout().indexOf('\n{') + 1))).toEqual(document);
    const calls = await testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => listLlmCalls(tx));
    expect(calls.map((call) => [call.purpose, call.provider, call.outcome])).toEqual([
      ['plan', 'openai', 'ok'],
    ]);
  });
});
