/**
 * Errors of the engine. Every class has a stable `code`. Step failures say whether trying again
 * can help: `RetryableStepError` (network, 5xx, 429 — optionally with the delay the other side
 * asked for) or `PermanentStepError` (4xx, invalid data); the engine retries only the first kind
 * and follows the node's retry policy.
 */

/** Base class of every error thrown by `engine/`. */
export class EngineError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A step attempt failed. `code` says how, e.g. `http.status_503`, `email.smtp_rejected`. */
export abstract class StepError extends EngineError {
  abstract readonly retryable: boolean;
}

/** Trying again may succeed; `retryAfterMs` is the delay the other side asked for, if any. */
export class RetryableStepError extends StepError {
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(code, message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Trying again cannot help (bad request, refused destination, invalid data). */
export class PermanentStepError extends StepError {
  readonly retryable = false;
}
