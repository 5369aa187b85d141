/**
 * A few scenarios end to end: the real LLM client and each provider's real SDK against the fake
 * LLM server (test/fake-llm.ts), so the answer's wire schemas, decoding and the repair loop are
 * exercised as production runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient, type LlmProviderName } from '../llm/index.js';
import { type FakeLlmServer, type FakeProvider, reply, startFakeLlm } from '../test/fake-llm.js';
import { loadScenarios, runScenario } from './scenario.js';
import { assertOutcome } from './scenario-assert.js';

const CASES: [string, LlmProviderName][] = [
  ['invoice-approval', 'anthropic'],
  ['dangling-next', 'openai'],
  ['prompt-injection-repaired', 'mistral'],
  ['questions-missing-url-and-credential', 'compatible'],
  ['not-json-then-questions', 'anthropic'],
  ['edit-add-step', 'openai'],
];

let fake: FakeLlmServer;

beforeAll(async () => {
  fake = await startFakeLlm();
});

afterAll(async () => {
  await fake.close();
});

describe('planner end to end through the LLM client and the fake LLM server', () => {
  const scenarios = new Map(loadScenarios().map((s) => [s.name, s]));

  it.each(CASES)('%s via %s', async (name, provider) => {
    const scenario = scenarios.get(name);
    if (scenario === undefined) throw new Error(`no scenario ${name}`);
    fake.reset();
    for (const output of scenario.responses) {
      fake.enqueue(
        provider as FakeProvider,
        'text' in output ? reply.text(output.text) : reply.object(output.answer),
      );
    }
    const llm = createLlmClient({
      config: {
        providers: [
          {
            name: provider,
            apiKey: 'test-key',
            baseUrl: fake.baseUrl(provider as FakeProvider),
            model: 'fake-model',
          },
        ],
        prices: {},
        timeoutMs: 10_000,
        maxRetries: 0,
        maxRetryDelayMs: 0,
      },
    });
    try {
      assertOutcome(scenario, await runScenario(scenario, llm));
    } finally {
      await llm.shutdown();
    }
    const requests = fake.requests(provider as FakeProvider);
    expect(requests).toHaveLength(scenario.expect.calls);
    const sent = JSON.stringify(requests[0]?.body);
    expect(sent).toContain('workflow_plan');
    expect(sent).toContain('The workflow language');
    if (provider === 'anthropic') expect(sent).toContain('cache_control');
  });
});
