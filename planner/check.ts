/**
 * Judging one answer of the model: its shape, the workflow through the validator, then the
 * policy. Returns what the planner can hand out, or every problem for the repair round.
 */
import { validate, type WorkflowDocument } from '../graph/index.js';
import type { PlannerAnswer, Question } from './answer.js';
import type { PlanningContext } from './context.js';
import { checkPolicy } from './policy.js';
import { type PlanProblem, planProblem } from './problems.js';

export type Accepted =
  | { kind: 'workflow'; document: WorkflowDocument; warnings: PlanProblem[] }
  | { kind: 'questions'; questions: Question[] }
  | { kind: 'refusal'; reason: string };

export type Checked = { ok: true; accepted: Accepted } | { ok: false; problems: PlanProblem[] };

export function checkAnswer(answer: PlannerAnswer, context: PlanningContext, given: string): Checked {
  switch (answer.kind) {
    case 'workflow':
      return checkWorkflow(answer, context, given);
    case 'questions':
      return answer.questions && answer.questions.length > 0
        ? { ok: true, accepted: { kind: 'questions', questions: answer.questions } }
        : rejected(
            'answer.questions_missing',
            '/answer/questions',
            'kind is "questions" but no questions were given; list them, or answer with another kind.',
          );
    case 'refusal':
      return answer.reason?.trim()
        ? { ok: true, accepted: { kind: 'refusal', reason: answer.reason.trim() } }
        : rejected(
            'answer.reason_missing',
            '/answer/reason',
            'kind is "refusal" but no reason was given; say why and what is possible instead.',
          );
  }
}

function checkWorkflow(answer: PlannerAnswer, context: PlanningContext, given: string): Checked {
  if (answer.undecodable !== undefined) {
    return rejected('answer.undecodable', answer.undecodable.pointer, answer.undecodable.message);
  }
  if (answer.workflow === undefined) {
    return rejected(
      'answer.workflow_missing',
      '/answer/workflow',
      'kind is "workflow" but no workflow was given; send the complete document.',
    );
  }
  const result = validate(answer.workflow);
  if (result.document === undefined) return { ok: false, problems: result.errors };
  const violations = checkPolicy({ document: result.document, context, given });
  if (violations.length > 0) return { ok: false, problems: violations };
  return { ok: true, accepted: { kind: 'workflow', document: result.document, warnings: result.warnings } };
}

function rejected(code: Parameters<typeof planProblem>[0], pointer: string, message: string): Checked {
  return { ok: false, problems: [planProblem(code, pointer, message)] };
}
