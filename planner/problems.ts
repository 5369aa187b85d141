/**
 * Problems found in a model's answer, in the validator's shape (`code`, `pointer`, `message`,
 * `severity`) so that all of them go back to the model the same way. Codes beyond the validator's
 * own (`graph/validate/codes.ts`) are the planner's, listed here.
 */
import type { Problem } from '../graph/index.js';

export const PLANNER_PROBLEM_CODES = {
  'answer.invalid': 'The answer object does not have the required shape.',
  'answer.workflow_missing': 'kind "workflow" without a workflow.',
  'answer.questions_missing': 'kind "questions" without questions.',
  'answer.reason_missing': 'kind "refusal" without a reason.',
  'answer.undecodable': 'A value of the workflow could not be decoded from the wire form.',
  'policy.node_type': 'A node type the tenant does not allow.',
  'policy.host_not_allowed': "An HTTP step calls a host outside the tenant's allowed hosts.",
  'policy.host_computed': 'An HTTP step whose host is computed at run time, so it cannot be checked.',
  'policy.unknown_credential': 'A credential the tenant does not have.',
  'policy.unknown_person': 'A person, group or channel that is neither known nor given by the person.',
  'policy.unknown_entity': 'A record entity the tenant does not have.',
  'policy.unknown_event': 'An event name the tenant does not publish.',
} as const;

export type PlannerProblemCode = keyof typeof PLANNER_PROBLEM_CODES;

/** A problem of the validator, or one of the planner's own. */
export interface PlanProblem {
  code: Problem['code'] | PlannerProblemCode;
  /** JSON Pointer into the workflow, or into the answer when it starts with `/answer`. */
  pointer: string;
  message: string;
  severity: 'error' | 'warning';
}

export function planProblem(code: PlannerProblemCode, pointer: string, message: string): PlanProblem {
  return { code, pointer, message, severity: 'error' };
}

/** `pointer  code  message`, one line per problem, as the repair prompt shows them. */
export function formatProblems(problems: readonly PlanProblem[]): string {
  return problems.map((p) => `${p.pointer || '/'}  ${p.code}  ${p.message}`).join('\n');
}
