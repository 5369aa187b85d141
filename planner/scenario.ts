/**
 * The planner scenario suite (`planner/scenarios/*.json`): recorded descriptions with their
 * tenant context, the model's scripted outputs and what the planner must make of them. Read by
 * the planner tests (scripted client and the real client against the fake LLM server) and by
 * `bench/planner.bench.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowDocument } from '../graph/index.js';
import type { LlmClient, LlmProviderName } from '../llm/index.js';
import type { PlanningContextInput } from './context.js';
import { PlanFailedError } from './errors.js';
import { createPlanner, type EditResult, type PlanResult } from './planner.js';
import type { ScriptedOutput } from './scripted-llm.js';

export interface ExpectedProblem {
  code: string;
  pointer?: string;
  pointerPrefix?: string;
}

export interface Scenario {
  name: string;
  summary: string;
  operation: 'plan' | 'edit';
  /** Provider whose wire form the outputs are in; default anthropic. */
  provider?: LlmProviderName;
  description?: string;
  instruction?: string;
  /** For edits: the fixture (`graph/fixtures/valid/<name>.json`) being edited. */
  document?: string;
  context: PlanningContextInput;
  responses: ScriptedOutput[];
  expect: {
    kind: 'workflow' | 'questions' | 'refusal' | 'failed';
    calls: number;
    /** Per repair round, the problems sent back (each must be among them). */
    fedBack?: ExpectedProblem[][];
    fedBackCodesInclude?: string[];
    /** For failures: the codes that stayed wrong. */
    remaining?: string[];
    name?: string;
    topLevelTypes?: string[];
    sameAsFixture?: string;
    messages?: number;
    questionTopics?: string[];
    changedSteps?: string[];
    added?: string[];
    hostsExclude?: string[];
  };
}

const FOLDER = fileURLToPath(new URL('./scenarios', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../graph/fixtures/valid', import.meta.url));

export function loadScenarios(folder: string = FOLDER): Scenario[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as Scenario);
}

export function fixtureDocument(name: string): WorkflowDocument {
  return WorkflowDocument.parse(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
}

export type ScenarioOutcome = { result: PlanResult | EditResult } | { failure: PlanFailedError };

/** Runs the scenario's operation with `llm`; a `PlanFailedError` is an outcome, other errors throw. */
export async function runScenario(scenario: Scenario, llm: LlmClient): Promise<ScenarioOutcome> {
  const planner = createPlanner(llm);
  try {
    if (scenario.operation === 'edit') {
      const document = fixtureDocument(scenario.document ?? '');
      return { result: await planner.edit(document, scenario.instruction ?? '', scenario.context) };
    }
    return { result: await planner.plan(scenario.description ?? '', scenario.context) };
  } catch (error) {
    if (error instanceof PlanFailedError) return { failure: error };
    throw error;
  }
}
