import type { LlmProviderName } from './types.js';

/**
 * Errors raised by the LLM client. Each class has a stable `code` and a message naming the thing
 * and the fix. `LlmNotConfiguredError` is a set-up problem, `LlmUnavailableError` an operational
 * one (try again later), `LlmOutputInvalidError` a model mistake the caller may repair.
 */

/** Base class of every error thrown by `llm/`. */
export class LlmError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Variables that configure a provider; named by `LlmNotConfiguredError`. */
export const PROVIDER_VARIABLES =
  'ANTHROPIC_API_KEY, OPENAI_API_KEY, MISTRAL_API_KEY, or LLM_BASE_URL (an OpenAI-compatible server such as Ollama)';

/** No provider is configured, so no call can be made. */
export class LlmNotConfiguredError extends LlmError {
  constructor() {
    super(
      'LLM_NOT_CONFIGURED',
      `No LLM provider is configured. Set at least one of ${PROVIDER_VARIABLES}; ` +
        'LLM_PROVIDERS chooses the order when several are set.',
    );
  }
}

/** What went wrong with one provider, as listed by `LlmUnavailableError`. */
export interface ProviderFailure {
  provider: LlmProviderName;
  model: string;
  /** Stable code of the last error (e.g. `LLM_RATE_LIMITED`). */
  code: string;
  message: string;
  /** Attempts made on this provider. */
  attempts: number;
  /** Whether the last error was of a kind that may pass (429, 5xx, timeout, network). */
  retryable?: boolean;
  /** Wait the provider asked for with its last error (Retry-After), in ms. */
  retryAfterMs?: number;
}

/** Every configured provider failed (after retries); the request may succeed later. */
export class LlmUnavailableError extends LlmError {
  readonly failures: readonly ProviderFailure[];

  constructor(failures: readonly ProviderFailure[]) {
    super(
      'LLM_UNAVAILABLE',
      `Every LLM provider failed:\n${failures
        .map((f) => `  ${f.provider} (${f.model}): ${f.code} after ${f.attempts} attempt(s): ${f.message}`)
        .join('\n')}\nTry again later, or check the keys, base URLs and models of these providers.`,
    );
    this.failures = failures;
  }
}

/** One zod issue, in a form that survives JSON (for the planner's repair prompt). */
export interface OutputIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * The model answered, but its output is not JSON or does not match the schema. Not retried:
 * the caller gets the issues and the raw text to send back for repair.
 */
export class LlmOutputInvalidError extends LlmError {
  readonly provider: LlmProviderName;
  readonly model: string;
  /** The model's output as received. */
  readonly raw: string;
  /** Empty when the output is not JSON at all (see `message`). */
  readonly issues: readonly OutputIssue[];

  constructor(details: {
    provider: LlmProviderName;
    model: string;
    raw: string;
    issues: OutputIssue[];
    reason: string;
  }) {
    super(
      'LLM_OUTPUT_INVALID',
      `The ${details.provider} model ${details.model} returned output that ${details.reason}:\n` +
        (details.issues.length > 0
          ? details.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')
          : `  ${details.raw.slice(0, 200)}`) +
        '\nSend the issues back to the model to repair its answer.',
    );
    this.provider = details.provider;
    this.model = details.model;
    this.raw = details.raw;
    this.issues = details.issues;
  }
}

/**
 * A failed call to one provider, classified: `retryable` failures (429, 5xx, timeouts, network)
 * are retried and then failed over; others (401, 400, …) fail over at once.
 */
export class LlmCallError extends LlmError {
  readonly provider: LlmProviderName;
  readonly retryable: boolean;
  /** HTTP status, when the provider answered. */
  readonly status: number | undefined;
  /** Wait the provider asked for (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: string,
    message: string,
    details: {
      provider: LlmProviderName;
      retryable: boolean;
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: details.cause });
    this.provider = details.provider;
    this.retryable = details.retryable;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}
