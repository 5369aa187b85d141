import type { TracerProvider } from '@opentelemetry/api';
import type { z } from 'zod';

/**
 * Public types of the LLM client. Glossary:
 * - provider: one LLM service we can call (Anthropic, OpenAI, Mistral, or any OpenAI-compatible
 *   server by base URL), configured with a key, base URL and model.
 * - call: one request to one provider (one attempt); recorded in `llm_calls`.
 * - request: what a caller asks for (`generateObject`/`generateText`); may take several calls
 *   (retries, fail-over to the next provider).
 * - purpose: why the request is made (`plan`, `edit`, `translate`, `llm-node`), for accounting.
 * - trace: one planning conversation turn in Langfuse; each call is a generation inside it.
 */

export type LlmProviderName = 'anthropic' | 'openai' | 'mistral' | 'compatible';

/** One part of the system prompt; `cache: true` marks a static part for provider prompt caching. */
export interface SystemPart {
  text: string;
  cache?: boolean;
}

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The prompt template a request was rendered from; recorded with every call. */
export interface PromptRef {
  name: string;
  version: string;
}

export interface CallContext {
  /** Tenant the call is accounted to; unset: not recorded in `llm_calls` (no tenant to own the row). */
  tenantId?: string;
  /** Run the call belongs to (the engine's `llm` node). */
  runId?: string;
  /** Why the call is made: `plan`, `edit`, `translate`, `llm-node`, … */
  purpose: string;
  prompt?: PromptRef;
}

/** How an object travels on the wire for providers whose structured output needs another form. */
export interface WireFormat {
  /** JSON Schema sent to `provider` (e.g. OpenAI strict mode: every property required, nullables). */
  schemaFor(provider: LlmProviderName): Record<string, unknown>;
  /** Turns what `provider` sent back into the input of the zod schema (e.g. nulls into absent). */
  decode(provider: LlmProviderName, value: unknown): unknown;
  /** Name of the schema/tool sent to the provider (letters, digits, `_` and `-`). */
  name: string;
  /** Whether `schemaFor` gives schemas that strict structured output accepts; default true. */
  strict?: boolean;
}

export interface GenerateObjectRequest<T> extends CallContext {
  schema: z.ZodType<T>;
  /** Per-provider JSON Schema variants and a decoder from the wire form; default derived from `schema`. */
  wire?: WireFormat;
  system: SystemPart[];
  messages: LlmMessage[];
  /** Most output tokens; default 4096. */
  maxOutputTokens?: number;
}

export interface GenerateTextRequest extends CallContext {
  system: SystemPart[];
  messages: LlmMessage[];
  /** Most output tokens; default 4096. */
  maxOutputTokens?: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a part of `inputTokens`). */
  cachedTokens: number;
  costUsd: number;
}

export interface LlmResult<T> {
  value: T;
  /** The model's output as text (for objects: the JSON it sent). */
  raw: string;
  provider: LlmProviderName;
  model: string;
  usage: LlmUsage;
  latencyMs: number;
}

export interface LlmClient {
  generateObject<T>(request: GenerateObjectRequest<T>): Promise<LlmResult<T>>;
  generateText(request: GenerateTextRequest): Promise<LlmResult<string>>;
  /** Runs fn inside one trace (a planning conversation turn). */
  withTrace<R>(name: string, attributes: Record<string, string>, fn: () => Promise<R>): Promise<R>;
  /** Configured providers, in order of use; empty = not configured. */
  readonly providers: readonly LlmProviderName[];
  /** Flushes and stops tracing (call at shutdown). */
  shutdown(): Promise<void>;
}

/** One provider's connection settings. */
export interface ProviderSettings {
  name: LlmProviderName;
  /** Unset for local OpenAI-compatible servers that need no key. */
  apiKey?: string;
  /** Unset: the SDK's default (the provider's public API). */
  baseUrl?: string;
  model: string;
}

/** USD per million tokens. `cached` applies to cached input tokens instead of `input`. */
export interface ModelPrice {
  input: number;
  output: number;
  cached: number;
}

export interface LangfuseSettings {
  publicKey: string;
  secretKey: string;
  /** Unset: Langfuse cloud (the SDK's default). */
  baseUrl?: string;
}

export interface LlmConfig {
  /** Providers in order of use; empty = not configured. */
  providers: ProviderSettings[];
  /** Prices by model name; models not listed cost 0. */
  prices: Record<string, ModelPrice>;
  /** Time allowed for one call before it counts as a timeout (retryable). */
  timeoutMs: number;
  /** Retries per provider after the first attempt on 429/5xx/timeouts, before failing over. */
  maxRetries: number;
  /** Longest wait between retries (caps Retry-After and the backoff). */
  maxRetryDelayMs: number;
  /** Set: calls are traced to Langfuse. */
  langfuse?: LangfuseSettings;
}

/** One call as recorded in `llm_calls`. */
export interface LlmCallRecord {
  tenantId: string;
  purpose: string;
  provider: LlmProviderName;
  model: string;
  promptName?: string;
  promptVersion?: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: 'ok' | 'error';
  /** Stable code of the error when `outcome` is `error`. */
  errorCode?: string;
  runId?: string;
  traceId?: string;
}

/** Port through which the client records calls; `store/` implements it (`createLlmCallRecorder`). */
export interface LlmCallRecorder {
  record(call: LlmCallRecord): Promise<void>;
}

/** Time source; injected so retry waits are testable without sleeping. */
export interface LlmClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface CreateLlmClientOptions {
  config: LlmConfig;
  /** Where calls are recorded; unset: not recorded. */
  recorder?: LlmCallRecorder;
  /** Default: the real clock. */
  clock?: LlmClock;
  /**
   * OpenTelemetry tracer provider for Langfuse spans. Default: one exporting to Langfuse with
   * `@langfuse/otel` when `config.langfuse` is set, else no tracing.
   */
  tracerProvider?: TracerProvider;
}
