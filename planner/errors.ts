/**
 * Errors of `planner/`. Each class has a stable `code`. `PlanFailedError` is a user-facing
 * outcome (the model could not produce a valid plan; rephrasing may help), not a bug; errors of the
 * LLM client (not configured, unavailable) pass through unchanged.
 */
import type { PlanProblem } from './problems.js';

/** Base class of every error thrown by `planner/`. */
export class PlannerError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The model's answer still had problems after the last repair round. */
export class PlanFailedError extends PlannerError {
  /** What stayed wrong in the last answer (validator, policy or answer-shape problems). */
  readonly problems: readonly PlanProblem[];
  /** LLM calls made, including the repairs. */
  readonly calls: number;

  constructor(problems: readonly PlanProblem[], calls: number) {
    const shown = problems.slice(0, 10).map((p) => `  ${p.pointer || '/'}  ${p.code}  ${p.message}`);
    const more = problems.length > shown.length ? [`  … and ${problems.length - shown.length} more`] : [];
    super(
      'PLAN_FAILED',
      `The planner could not produce a valid workflow after ${calls} attempt(s); still wrong:\n${[...shown, ...more].join('\n')}\n` +
        'Rephrase the request with more detail (who, which system, when), or build it from a template.',
    );
    this.problems = problems;
    this.calls = calls;
  }
}

/** The planning context given by the caller is malformed (a bug in the caller). */
export class PlanningContextError extends PlannerError {
  constructor(message: string, options?: ErrorOptions) {
    super('PLANNING_CONTEXT_INVALID', message, options);
  }
}
