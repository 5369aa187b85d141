/**
 * Planner benchmark (`npm run bench:planner`): runs the scenario suite (`planner/scenarios/`)
 * against the scripted model (no network, no model time) and prints one JSON object:
 * - system prompt tokens (o200k_base via js-tiktoken): the static, cached part (instructions and
 *   the generated language catalogue) and the whole system prompt of each scenario (with its
 *   tenant context and two example workflows), max and median;
 * - LLM calls per scenario on average, and per workflow produced;
 * - planner overhead per request excluding model time (p50, p95): prompt rendering, template
 *   choice, decoding, validation, policy, preview and diff.
 * Targets: overhead p95 < 50 ms; system prompt < 8,000 tokens; < 1.3 calls per workflow.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k_base from 'js-tiktoken/ranks/o200k_base';
import {
  loadTemplateLibrary,
  PlanningContext,
  selectTemplates,
  staticSystemText,
  systemParts,
} from '../planner/index.js';
import { loadScenarios, runScenario } from '../planner/scenario.js';
import { scriptedLlm } from '../planner/scripted-llm.js';

const ROUNDS = 30;
const TARGETS = { overheadP95Ms: 50, systemPromptTokens: 8000, callsPerWorkflow: 1.3 };

const encoder = new Tiktoken(o200k_base);
const tokens = (text: string) => encoder.encode(text).length;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 1000) / 1000;
}

async function main(): Promise<void> {
  const scenarios = loadScenarios();
  const library = loadTemplateLibrary();

  const promptTokens = scenarios
    .map((scenario) => {
      const context = PlanningContext.parse(scenario.context);
      const text = scenario.description ?? scenario.instruction ?? '';
      const parts = systemParts(context, scenario.operation === 'plan' ? selectTemplates(text, library) : []);
      return tokens(parts.map((part) => part.text).join('\n\n'));
    })
    .sort((a, b) => a - b);
  const staticTokens = tokens(staticSystemText(PlanningContext.parse({})));

  let calls = 0;
  let workflows = 0;
  let workflowCalls = 0;
  const outcomes: Record<string, number> = {};
  for (const scenario of scenarios) {
    const outcome = await runScenario(scenario, scriptedLlm(scenario.responses, scenario.provider));
    const kind = 'failure' in outcome ? 'failed' : outcome.result.kind;
    const made = 'failure' in outcome ? outcome.failure.calls : outcome.result.calls;
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
    calls += made;
    if (kind === 'workflow') {
      workflows += 1;
      workflowCalls += made;
    }
  }

  // Warm-up round (prompt files, catalogue, schemas, template library), then timed rounds.
  const samples: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    for (const scenario of scenarios) {
      const llm = scriptedLlm(scenario.responses, scenario.provider);
      const started = performance.now();
      await runScenario(scenario, llm);
      if (round > 0) samples.push(performance.now() - started);
    }
  }
  samples.sort((a, b) => a - b);

  const result = {
    scenarios: scenarios.length,
    outcomes,
    systemPromptTokens: {
      tokenizer: 'o200k_base',
      static: staticTokens,
      perRequestMedian: percentile(promptTokens, 50),
      perRequestMax: promptTokens.at(-1),
    },
    llmCallsPerScenario: Math.round((calls / scenarios.length) * 1000) / 1000,
    llmCallsPerWorkflow: Math.round((workflowCalls / workflows) * 1000) / 1000,
    overheadMs: { requests: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) },
    targets: TARGETS,
    met: {
      overhead: percentile(samples, 95) < TARGETS.overheadP95Ms,
      systemPrompt: (promptTokens.at(-1) ?? 0) < TARGETS.systemPromptTokens,
      callsPerWorkflow: workflowCalls / workflows < TARGETS.callsPerWorkflow,
    },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
