import { describe, expect, it } from 'vitest';
import { loadScenarios, runScenario } from './scenario.js';
import { assertOutcome } from './scenario-assert.js';
import { scriptedLlm } from './scripted-llm.js';

const scenarios = loadScenarios();

describe('planner scenario suite (scripted model)', () => {
  it('has at least 20 scenarios covering every kind of outcome', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(scenarios.map((s) => s.expect.kind));
    expect([...kinds].sort()).toEqual(['failed', 'questions', 'refusal', 'workflow']);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const llm = scriptedLlm(scenario.responses, scenario.provider);
    const outcome = await runScenario(scenario, llm);
    assertOutcome(scenario, outcome);
    // Every scripted output was used, one call each, in one trace.
    expect(llm.requests).toHaveLength(scenario.expect.calls);
    expect(llm.traces).toEqual([scenario.operation]);
    expect(llm.requests.map((r) => r.purpose)).toEqual(
      llm.requests.map((_r, i) => (i === 0 ? scenario.operation : 'repair')),
    );
    if (scenario.expect.messages !== undefined) {
      expect(llm.requests[0]?.messages).toHaveLength(scenario.expect.messages);
    }
  });

  it('averages under 1.3 calls per workflow produced', async () => {
    let calls = 0;
    let plans = 0;
    for (const scenario of scenarios) {
      const outcome = await runScenario(scenario, scriptedLlm(scenario.responses, scenario.provider));
      if ('result' in outcome && outcome.result.kind === 'workflow') {
        calls += outcome.result.calls;
        plans += 1;
      }
    }
    expect(calls / plans).toBeLessThan(1.3);
  });
});
