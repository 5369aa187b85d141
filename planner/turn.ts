/**
 * One planning turn: ask the model, check its answer, and while it has problems send them back
 * (at most `maxRepairs` times). Nothing invalid is dropped or patched here: either the model fixes
 * it, or the turn fails naming what stayed wrong.
 */

import type { LlmClient, LlmMessage, PromptRef, SystemPart } from '../llm/index.js';
import { LlmOutputInvalidError } from '../llm/index.js';
import { ANSWER_WIRE, PlannerAnswer } from './answer.js';
import { type Accepted, checkAnswer } from './check.js';
import type { PlanningContext } from './context.js';
import { PlanFailedError } from './errors.js';
import type { PlanProblem } from './problems.js';
import { promptRef, repairMessage } from './prompting.js';

/** One call of a turn and what was wrong with its answer (empty for the accepted one). */
export interface Attempt {
  purpose: 'plan' | 'edit' | 'repair';
  problems: PlanProblem[];
}

export interface TurnInput {
  llm: LlmClient;
  context: PlanningContext;
  purpose: 'plan' | 'edit';
  prompt: PromptRef;
  system: SystemPart[];
  messages: LlmMessage[];
  /** Text the person wrote, for the policy's "given by the person" rule. */
  given: string;
  maxRepairs: number;
  maxOutputTokens?: number;
}

export interface TurnOutcome {
  accepted: Accepted;
  attempts: Attempt[];
}

export async function runTurn(input: TurnInput): Promise<TurnOutcome> {
  const attempts: Attempt[] = [];
  let messages = input.messages;
  for (let round = 0; ; round += 1) {
    const purpose = round === 0 ? input.purpose : 'repair';
    const reply = await ask(input, messages, purpose);
    const checked =
      reply.answer === undefined
        ? { ok: false as const, problems: reply.problems }
        : checkAnswer(reply.answer, input.context, input.given);
    attempts.push({ purpose, problems: checked.ok ? [] : checked.problems });
    if (checked.ok) return { accepted: checked.accepted, attempts };
    if (round >= input.maxRepairs) throw new PlanFailedError(checked.problems, attempts.length);
    messages = [
      ...messages,
      { role: 'assistant', content: reply.raw },
      { role: 'user', content: repairMessage(checked.problems) },
    ];
  }
}

type Reply =
  | { answer: PlannerAnswer; raw: string }
  | { answer: undefined; raw: string; problems: PlanProblem[] };

async function ask(input: TurnInput, messages: LlmMessage[], purpose: Attempt['purpose']): Promise<Reply> {
  try {
    const result = await input.llm.generateObject({
      purpose,
      prompt: purpose === 'repair' ? promptRef('repair') : input.prompt,
      ...(input.context.tenantId === undefined ? {} : { tenantId: input.context.tenantId }),
      schema: PlannerAnswer,
      wire: ANSWER_WIRE,
      system: input.system,
      messages,
      ...(input.maxOutputTokens === undefined ? {} : { maxOutputTokens: input.maxOutputTokens }),
    });
    return { answer: result.value, raw: result.raw };
  } catch (error) {
    const invalid = outputIssues(error);
    if (invalid === undefined) throw error;
    return { answer: undefined, raw: invalid.raw, problems: invalid.problems };
  }
}

/** The problems of an answer that is not JSON or not an answer object (`LlmOutputInvalidError`). */
function outputIssues(error: unknown): { raw: string; problems: PlanProblem[] } | undefined {
  if (!(error instanceof LlmOutputInvalidError)) return undefined;
  const { raw, issues } = error;
  const problems: PlanProblem[] =
    issues.length === 0
      ? [
          {
            code: 'answer.invalid',
            pointer: '/answer',
            message: 'The answer is not a JSON object; send exactly one JSON object and nothing else.',
            severity: 'error',
          },
        ]
      : issues.map((issue) => ({
          code: 'answer.invalid',
          pointer: `/answer${issue.path.map((segment) => `/${segment}`).join('')}`,
          message: issue.message,
          severity: 'error',
        }));
  return { raw, problems };
}
