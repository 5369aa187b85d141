import { LlmCallError } from '../errors.js';
import type { LlmMessage, LlmProviderName, SystemPart } from '../types.js';

/** One call as every provider adapter takes it. */
export interface ProviderRequest {
  system: SystemPart[];
  messages: LlmMessage[];
  maxOutputTokens: number;
  /** Set: ask for a JSON object matching `schema` with the provider's structured-output mechanism. */
  object?: { name: string; schema: Record<string, unknown>; strict: boolean };
}

/** What a provider answered. */
export interface ProviderReply {
  /** The output text; for objects, the JSON text. */
  text: string;
  /** The object, when the provider delivers it already parsed (Anthropic tool input). */
  value?: unknown;
  /** The model that answered, as the provider reports it. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** A provider behind one interface. Throws `LlmCallError` for every failed call. */
export interface ProviderAdapter {
  readonly name: LlmProviderName;
  readonly model: string;
  call(request: ProviderRequest): Promise<ProviderReply>;
}

/** Parses a Retry-After header (seconds or an HTTP date) into ms; also `retry-after-ms`. */
export function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies an HTTP error status from a provider. */
export function httpCallError(
  provider: LlmProviderName,
  status: number,
  message: string,
  headers: Headers | undefined,
  cause: unknown,
): LlmCallError {
  const retryAfter = retryAfterMs(headers, Date.now());
  const base = { provider, status, cause, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  if (status === 429) {
    return new LlmCallError('LLM_RATE_LIMITED', `rate limited (429): ${message}`, {
      ...base,
      retryable: true,
    });
  }
  if (status === 408 || status >= 500) {
    return new LlmCallError('LLM_SERVER_ERROR', `server error (${status}): ${message}`, {
      ...base,
      retryable: true,
    });
  }
  if (status === 401 || status === 403) {
    return new LlmCallError(
      'LLM_AUTH_FAILED',
      `the API key was refused (${status}); check the provider's key variable: ${message}`,
      { ...base, retryable: false },
    );
  }
  return new LlmCallError('LLM_REQUEST_REJECTED', `request rejected (${status}): ${message}`, {
    ...base,
    retryable: false,
  });
}

export function timeoutError(provider: LlmProviderName, cause: unknown): LlmCallError {
  return new LlmCallError('LLM_TIMEOUT', 'no answer within LLM_TIMEOUT_SECONDS', {
    provider,
    retryable: true,
    cause,
  });
}

export function connectionError(provider: LlmProviderName, cause: unknown): LlmCallError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LlmCallError('LLM_CONNECTION_FAILED', `could not reach the provider: ${detail}`, {
    provider,
    retryable: true,
    cause,
  });
}

/** The provider answered 200 but not in the shape its API documents. */
export function malformedResponseError(
  provider: LlmProviderName,
  detail: string,
  cause?: unknown,
): LlmCallError {
  return new LlmCallError('LLM_RESPONSE_MALFORMED', `unexpected response: ${detail}`, {
    provider,
    retryable: true,
    cause,
  });
}

/** The system prompt as one string, for providers without system blocks. */
export function systemText(system: SystemPart[]): string {
  return system.map((part) => part.text).join('\n\n');
}
