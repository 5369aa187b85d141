/**
 * Calling the planner for a conversation and saying what went wrong in words people can act on:
 * no LLM configured (which variables to set), the model unavailable, a plan that stayed invalid.
 */
import type { EditResult, PlanResult } from '../../planner/index.js';
import type { CoreServices } from './deps.js';

/** Variables that configure a provider, as `llm/` names them. */
export const LLM_VARIABLES =
  'ANTHROPIC_API_KEY, OPENAI_API_KEY, MISTRAL_API_KEY, or LLM_BASE_URL (an OpenAI-compatible server such as Ollama)';

export const NO_PLANNER_TEXT =
  `Planning needs a language model, and none is configured. An admin sets at least one of ${LLM_VARIABLES} ` +
  'and restarts Switchboard. Meanwhile workflows, runs, approvals and the admin view keep working.';

export type PlannerOutcome = { ok: true; result: PlanResult | EditResult } | { ok: false; message: string };

/** Runs `call`; planner and model failures become a message (anything else is logged as a bug). */
export async function tryPlanner(
  s: CoreServices,
  call: () => Promise<PlanResult | EditResult>,
): Promise<PlannerOutcome> {
  try {
    return { ok: true, result: await call() };
  } catch (error) {
    return { ok: false, message: failureText(s, error) };
  }
}

function failureText(s: CoreServices, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'LLM_NOT_CONFIGURED':
      return NO_PLANNER_TEXT;
    case 'LLM_UNAVAILABLE':
      s.logger.warn('planning: every LLM provider failed', { error: message });
      return 'The language model is not reachable right now. Try again in a minute; if it keeps failing, an admin can check the server log.';
    case 'PLAN_FAILED':
      return `I could not turn that into a valid workflow. Say it again with more detail (who approves, which system, when it starts).\n${message
        .split('\n')
        .slice(1, 4)
        .join('\n')}`;
    default:
      s.logger.error('planning failed', { error });
      return 'Planning failed unexpectedly; the error is in the server log. Try again, or rephrase.';
  }
}
