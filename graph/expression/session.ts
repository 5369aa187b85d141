/**
 * The state of the evaluation in progress: its work meter and its clock. cel-js evaluates
 * synchronously (no function we register is async), so one evaluation runs to completion before
 * another starts and a module-level slot is enough; nesting is still restored correctly.
 */
import type { WorkMeter } from './meter.js';

export interface EvaluationSession {
  readonly meter: WorkMeter;
  /** What `now()` returns; undefined when the caller gave no clock. */
  readonly now: Date | undefined;
}

let active: EvaluationSession | undefined;

/** The session of the evaluation in progress, if any. */
export function activeSession(): EvaluationSession | undefined {
  return active;
}

/** Runs `evaluate` with `session` active. */
export function runInSession<T>(session: EvaluationSession, evaluate: () => T): T {
  const previous = active;
  active = session;
  try {
    return evaluate();
  } finally {
    active = previous;
  }
}
