/**
 * The planner: a description → a validated workflow with its preview, clarifying questions, or a
 * refusal; an existing workflow + an instruction → a new validated workflow with its diff. The
 * model proposes; the validator and the policy decide (see `turn.ts` for the repair loop).
 */
import {
  type Description,
  describe,
  diff,
  encodeForLlm,
  summarizeDiff,
  type WorkflowDiff,
  type WorkflowDocument,
} from '../graph/index.js';
import type { LlmClient } from '../llm/index.js';
import { type Question, variantFor } from './answer.js';
import type { Accepted } from './check.js';
import { PlanningContext, type PlanningContextInput } from './context.js';
import { PlanningContextError } from './errors.js';
import type { PlanProblem } from './problems.js';
import { conversationWith, editMessage, promptRef, requestMessage, systemParts } from './prompting.js';
import { DEFAULT_TEMPLATE_COUNT, loadTemplateLibrary, selectTemplates } from './templates.js';
import { type Attempt, runTurn } from './turn.js';

export interface PlannerOptions {
  /** Repair rounds after the first answer; default 2. */
  maxRepairs?: number;
  /** Example workflows to pick from when the context gives none; default `graph/`'s fixture corpus. */
  templates?: readonly WorkflowDocument[];
  /** Examples shown per request; default 2. */
  templateCount?: number;
  /** Most output tokens per call; default the client's. */
  maxOutputTokens?: number;
}

/** What every result says about how it was reached. */
interface TurnFacts {
  /** LLM calls made (1 + repairs). */
  calls: number;
  /** Each call and the problems its answer had. */
  attempts: Attempt[];
}

export type WorkflowPlan = TurnFacts & {
  kind: 'workflow';
  document: WorkflowDocument;
  /** The deterministic plain-language preview people approve (`graph/describe`). */
  preview: Description;
  /** Validator warnings: shown, not blocking. */
  warnings: PlanProblem[];
};

export type QuestionsPlan = TurnFacts & { kind: 'questions'; questions: Question[] };
export type RefusalPlan = TurnFacts & { kind: 'refusal'; reason: string };

export type PlanResult = WorkflowPlan | QuestionsPlan | RefusalPlan;

export type EditResult =
  | (WorkflowPlan & {
      diff: WorkflowDiff;
      /** One line per change, for chat. */
      changes: string[];
    })
  | QuestionsPlan
  | RefusalPlan;

export interface Planner {
  /** Plans a workflow from a description. Throws `PlanFailedError` when repairs run out. */
  plan(description: string, context?: PlanningContextInput): Promise<PlanResult>;
  /** Changes a workflow as instructed. Throws `PlanFailedError` when repairs run out. */
  edit(document: WorkflowDocument, instruction: string, context?: PlanningContextInput): Promise<EditResult>;
}

/** A planner using `llm` for every call. */
export function createPlanner(llm: LlmClient, options: PlannerOptions = {}): Planner {
  const maxRepairs = options.maxRepairs ?? 2;
  const templatesFor = (text: string, context: PlanningContext) =>
    selectTemplates(
      text,
      context.templates ?? options.templates ?? loadTemplateLibrary(),
      options.templateCount ?? DEFAULT_TEMPLATE_COUNT,
    );
  const tokens = options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens };

  return {
    plan(description, input = {}) {
      const context = parseContext(input);
      return llm.withTrace('plan', traceAttributes('plan', context), async () => {
        const given = givenText(context, description);
        const outcome = await runTurn({
          llm,
          context,
          purpose: 'plan',
          prompt: promptRef('request'),
          system: systemParts(context, templatesFor(given, context)),
          messages: conversationWith(context.conversation, requestMessage(description)),
          given,
          maxRepairs,
          ...tokens,
        });
        return toResult(outcome.accepted, outcome.attempts, context);
      });
    },

    edit(document, instruction, input = {}) {
      const context = parseContext(input);
      return llm.withTrace('edit', traceAttributes('edit', context), async () => {
        const shown = encodeForLlm(variantFor(llm.providers[0] ?? 'anthropic'), document);
        const given = `${givenText(context, instruction)}\n${JSON.stringify(document)}`;
        const outcome = await runTurn({
          llm,
          context,
          purpose: 'edit',
          prompt: promptRef('edit'),
          system: systemParts(context, []),
          messages: conversationWith(context.conversation, editMessage(shown, instruction)),
          given,
          maxRepairs,
          ...tokens,
        });
        const result = toResult(outcome.accepted, outcome.attempts, context);
        if (result.kind !== 'workflow') return result;
        const changed = diff(document, result.document);
        return { ...result, diff: changed, changes: summarizeDiff(changed, localeOf(context)) };
      });
    },
  };
}

function toResult(accepted: Accepted, attempts: Attempt[], context: PlanningContext): PlanResult {
  const facts = { calls: attempts.length, attempts };
  if (accepted.kind !== 'workflow') return { ...accepted, ...facts };
  return {
    ...accepted,
    ...facts,
    preview: describe(accepted.document, localeOf(context)),
  };
}

function parseContext(input: PlanningContextInput): PlanningContext {
  const parsed = PlanningContext.safeParse(input);
  if (!parsed.success) {
    throw new PlanningContextError(
      `Invalid planning context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Everything the person wrote in this thread: what they may name without it being known. */
function givenText(context: PlanningContext, latest: string): string {
  return [...context.conversation.filter((m) => m.role === 'user').map((m) => m.content), latest].join('\n');
}

function traceAttributes(purpose: string, context: PlanningContext): Record<string, string> {
  return { purpose, ...(context.tenantId === undefined ? {} : { tenantId: context.tenantId }) };
}

function localeOf(context: PlanningContext): { locale?: string } {
  return context.locale === undefined ? {} : { locale: context.locale };
}
