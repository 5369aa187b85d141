import type { z } from 'zod';
import { costOf } from './cost.js';
import {
  LlmCallError,
  LlmError,
  LlmNotConfiguredError,
  LlmOutputInvalidError,
  LlmUnavailableError,
  type ProviderFailure,
} from './errors.js';
import { anthropicAdapter } from './providers/anthropic.js';
import { mistralAdapter } from './providers/mistral.js';
import { openAiAdapter } from './providers/openai.js';
import type { ProviderAdapter, ProviderReply, ProviderRequest } from './providers/provider.js';
import { createTracing } from './tracing.js';
import type {
  CallContext,
  CreateLlmClientOptions,
  GenerateObjectRequest,
  GenerateTextRequest,
  LlmClient,
  LlmClock,
  LlmConfig,
  LlmProviderName,
  LlmResult,
  ProviderSettings,
} from './types.js';
import { defaultWireFormat } from './wire.js';

/** Default most output tokens of one call. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** First backoff wait when the provider gives no Retry-After; doubles per retry. */
const INITIAL_RETRY_DELAY_MS = 1000;

export const realClock: LlmClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The LLM client. Each request goes to the configured providers in order: a retryable failure
 * (429, 5xx, timeout, connection) is retried on the same provider up to `maxRetries` times,
 * waiting Retry-After when given (failing over at once when it exceeds `maxRetryDelayMs`) or an
 * exponential backoff; then, or on any other failure, the next provider is tried. An answer that
 * fails the schema is not retried: `LlmOutputInvalidError` goes to the caller for repair.
 */
export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  const { config, recorder } = options;
  const clock = options.clock ?? realClock;
  const adapters = config.providers.map((settings) => adapterFor(settings, config.timeoutMs));
  const tracing = createTracing(options.tracerProvider, config.langfuse);

  async function request<T>(
    context: CallContext,
    build: (adapter: ProviderAdapter) => ProviderRequest,
    finish: (adapter: ProviderAdapter, reply: ProviderReply) => T,
  ): Promise<LlmResult<T>> {
    if (adapters.length === 0) throw new LlmNotConfiguredError();
    const failures: ProviderFailure[] = [];
    for (const adapter of adapters) {
      const providerRequest = build(adapter);
      for (let attempt = 1; ; attempt++) {
        const outcome = await callOnce(context, adapter, providerRequest, attempt, finish);
        if (outcome.ok) return outcome.result;
        const error = outcome.error;
        const wait = retryDelay(error, attempt, config);
        if (wait === undefined) {
          failures.push({
            provider: adapter.name,
            model: adapter.model,
            code: error.code,
            message: error.message,
            attempts: attempt,
            retryable: error.retryable,
            ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
          });
          break;
        }
        await clock.sleep(wait);
      }
    }
    throw new LlmUnavailableError(failures);
  }

  async function callOnce<T>(
    context: CallContext,
    adapter: ProviderAdapter,
    providerRequest: ProviderRequest,
    attempt: number,
    finish: (adapter: ProviderAdapter, reply: ProviderReply) => T,
  ): Promise<{ ok: true; result: LlmResult<T> } | { ok: false; error: LlmCallError }> {
    const generation = tracing.startGeneration({
      purpose: context.purpose,
      provider: adapter.name,
      model: adapter.model,
      input: { system: providerRequest.system, messages: providerRequest.messages },
      prompt: context.prompt,
      attempt,
      tenantId: context.tenantId,
      runId: context.runId,
    });
    const started = clock.now();
    const base = { context, provider: adapter.name, traceId: generation.traceId };
    let reply: ProviderReply;
    try {
      reply = await adapter.call(providerRequest);
    } catch (caught) {
      const error = asCallError(adapter.name, caught);
      generation.fail(error);
      await record({
        ...base,
        model: adapter.model,
        latencyMs: clock.now() - started,
        errorCode: error.code,
      });
      return { ok: false, error };
    }
    const latencyMs = clock.now() - started;
    const usage = {
      inputTokens: reply.inputTokens,
      outputTokens: reply.outputTokens,
      cachedTokens: reply.cachedTokens,
      costUsd: costOf(config.prices, reply.model, reply),
    };
    let value: T;
    try {
      value = finish(adapter, reply);
    } catch (error) {
      const code = error instanceof LlmError ? error.code : 'LLM_OUTPUT_INVALID';
      generation.fail({ code, message: error instanceof Error ? error.message : String(error) });
      await record({ ...base, model: reply.model, latencyMs, usage, errorCode: code });
      throw error;
    }
    generation.succeed({ output: reply.text, model: reply.model, usage });
    await record({ ...base, model: reply.model, latencyMs, usage });
    return {
      ok: true,
      result: { value, raw: reply.text, provider: adapter.name, model: reply.model, usage, latencyMs },
    };
  }

  async function record(entry: {
    context: CallContext;
    provider: LlmProviderName;
    model: string;
    latencyMs: number;
    traceId: string | undefined;
    usage?: { inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: number };
    errorCode?: string;
  }): Promise<void> {
    const { context } = entry;
    if (!recorder || !context.tenantId) return;
    await recorder.record({
      tenantId: context.tenantId,
      purpose: context.purpose,
      provider: entry.provider,
      model: entry.model,
      ...(context.prompt ? { promptName: context.prompt.name, promptVersion: context.prompt.version } : {}),
      inputTokens: entry.usage?.inputTokens ?? 0,
      outputTokens: entry.usage?.outputTokens ?? 0,
      cachedTokens: entry.usage?.cachedTokens ?? 0,
      costUsd: entry.usage?.costUsd ?? 0,
      latencyMs: Math.max(0, Math.round(entry.latencyMs)),
      outcome: entry.errorCode ? 'error' : 'ok',
      ...(entry.errorCode ? { errorCode: entry.errorCode } : {}),
      ...(context.runId ? { runId: context.runId } : {}),
      ...(entry.traceId ? { traceId: entry.traceId } : {}),
    });
  }

  return {
    providers: adapters.map((adapter) => adapter.name),

    generateObject<T>(req: GenerateObjectRequest<T>): Promise<LlmResult<T>> {
      const fallback = req.wire ? undefined : defaultWireFormat(req.schema);
      const wire = req.wire ?? fallback!;
      return request(
        req,
        (adapter) => ({
          system: req.system,
          messages: req.messages,
          maxOutputTokens: req.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
          object: {
            name: wire.name,
            schema: wire.schemaFor(adapter.name),
            strict: wire.strict ?? true,
          },
        }),
        (adapter, reply) => parseObject(req.schema, wire.decode.bind(wire), adapter, reply),
      );
    },

    generateText(req: GenerateTextRequest): Promise<LlmResult<string>> {
      return request(
        req,
        () => ({
          system: req.system,
          messages: req.messages,
          maxOutputTokens: req.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
        }),
        (_adapter, reply) => reply.text,
      );
    },

    withTrace: (name, attributes, fn) => tracing.withTrace(name, attributes, fn),

    shutdown: () => tracing.shutdown(),
  };
}

function adapterFor(settings: ProviderSettings, timeoutMs: number): ProviderAdapter {
  switch (settings.name) {
    case 'anthropic':
      return anthropicAdapter(settings, timeoutMs);
    case 'openai':
    case 'compatible':
      return openAiAdapter(settings.name, settings, timeoutMs);
    case 'mistral':
      return mistralAdapter(settings, timeoutMs);
  }
}

/** How long to wait before retrying after `error`, or undefined to give up on this provider. */
function retryDelay(error: LlmCallError, attempt: number, config: LlmConfig): number | undefined {
  if (!error.retryable || attempt > config.maxRetries) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= config.maxRetryDelayMs ? error.retryAfterMs : undefined;
  }
  return Math.min(INITIAL_RETRY_DELAY_MS * 2 ** (attempt - 1), config.maxRetryDelayMs);
}

function asCallError(provider: LlmProviderName, error: unknown): LlmCallError {
  if (error instanceof LlmCallError) return error;
  return new LlmCallError('LLM_CALL_FAILED', error instanceof Error ? error.message : String(error), {
    provider,
    retryable: false,
    cause: error,
  });
}

function parseObject<T>(
  schema: z.ZodType<T>,
  decode: (provider: LlmProviderName, value: unknown) => unknown,
  adapter: ProviderAdapter,
  reply: ProviderReply,
): T {
  const invalid = (reason: string, issues: LlmOutputInvalidError['issues'] = []) =>
    new LlmOutputInvalidError({
      provider: adapter.name,
      model: reply.model,
      raw: reply.text,
      issues: [...issues],
      reason,
    });
  let value = reply.value;
  if (value === undefined) {
    try {
      value = JSON.parse(withoutCodeFence(reply.text));
    } catch {
      throw invalid('is not valid JSON');
    }
  }
  let decoded: unknown;
  try {
    decoded = decode(adapter.name, value);
  } catch (error) {
    throw invalid('could not be decoded', [
      { path: [], code: 'decode', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) {
    throw invalid(
      'does not match the schema',
      parsed.error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
        code: issue.code,
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/** Servers answering in JSON mode sometimes still wrap the object in a Markdown code fence. */
function withoutCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return match ? match[1]! : text;
}
