import { z } from 'zod';
import { type ExpressionContext, ExpressionError, type Json, renderTemplate } from '../../graph/index.js';
import {
  type LlmClient,
  LlmNotConfiguredError,
  LlmOutputInvalidError,
  type LlmProviderName,
  LlmUnavailableError,
  strictJsonSchema,
  type WireFormat,
  withoutNulls,
} from '../../llm/index.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import type { Executor, StepInput } from '../executor.js';

/**
 * The `llm` step: the `prompt` template rendered from the run context goes to the LLM client as
 * the user message; the answer is the text (`output: "text"`, the default) or a JSON value
 * (`output: "json"`) checked against the node's JSON Schema (any JSON object without one). Each
 * call is recorded in `llm_calls` against the run. Outages and rate limits are retryable (the
 * node's retry policy applies, honouring Retry-After); an answer that fails the schema, a schema
 * the step cannot use and a missing provider are permanent.
 *
 * The LLM client takes no abort signal: when the step's signal aborts, the step stops waiting
 * but the call in flight runs on until `LLM_TIMEOUT_SECONDS` (and is still recorded).
 */

export interface LlmExecutorOptions {
  /** The client every `llm` step calls; one with no provider makes the steps fail with `llm.not_configured`. */
  llm: LlmClient;
}

/** Purpose of the step's calls in `llm_calls` (llm/types.ts names it so). */
export const LLM_NODE_PURPOSE = 'llm-node';

/** Name of the structured-output schema (OpenAI `json_schema.name`, Anthropic tool name). */
const WIRE_NAME = 'answer';

/** What the model is asked for when a `json` step has no `schema`. */
const ANY_OBJECT: Record<string, unknown> = { type: 'object' };

export function createLlmExecutor(options: LlmExecutorOptions): Executor<'llm'> {
  const { llm } = options;
  return async (input) => {
    if (llm.providers.length === 0) throw notConfigured();
    const prompt = renderPrompt(input);
    const call = {
      purpose: LLM_NODE_PURPOSE,
      tenantId: input.tenantId,
      runId: input.runId,
      system: [],
      messages: [{ role: 'user' as const, content: prompt }],
    };
    try {
      if (input.node.output !== 'json') {
        const result = await abortable(() => llm.generateText(call), input.signal);
        return { output: result.value };
      }
      const answer = answerSchemaOf(input.node.schema);
      const result = await abortable(
        () => llm.generateObject({ ...call, schema: answer.schema, wire: answer.wire }),
        input.signal,
      );
      return { output: result.value as Json };
    } catch (error) {
      throw classifyLlmError(error);
    }
  };
}

function renderPrompt(input: StepInput<'llm'>): string {
  try {
    return renderTemplate(input.node.prompt, input.context as ExpressionContext, { now: input.now });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new PermanentStepError('llm.template', `The prompt could not be rendered: ${error.message}`, {
      cause: error,
    });
  }
}

interface AnswerSchema {
  schema: z.ZodType<unknown>;
  wire: WireFormat;
}

/**
 * The zod schema checking the answer, built from the node's JSON Schema, and how it travels:
 * Anthropic gets the schema as written; OpenAI-style providers its strict form when it has one
 * (else `strict: false`). Providers want an object at the root, so other roots are wrapped in
 * `{ "value": … }` on the wire and unwrapped on the way back.
 */
export function answerSchemaOf(jsonSchema: Record<string, Json> | undefined): AnswerSchema {
  const written = withoutMeta(jsonSchema ?? ANY_OBJECT);
  let schema: z.ZodType<unknown>;
  try {
    schema = jsonSchema === undefined ? z.record(z.string(), z.json()) : z.fromJSONSchema(written);
  } catch (error) {
    throw new PermanentStepError(
      'llm.schema_invalid',
      `The step's schema is not a JSON Schema this step can check answers with: ${
        error instanceof Error ? error.message : String(error)
      }. Simplify the schema (plain types, properties, required, enum, items).`,
      { cause: error },
    );
  }
  const wrapped = written.type !== 'object';
  const plain = wrapped
    ? { type: 'object', properties: { value: written }, required: ['value'], additionalProperties: false }
    : written;
  const strict = jsonSchema === undefined ? undefined : strictJsonSchema(plain);
  const wire: WireFormat = {
    name: WIRE_NAME,
    strict: strict !== undefined,
    schemaFor: (provider: LlmProviderName) =>
      structuredClone(provider === 'anthropic' ? plain : (strict ?? plain)),
    decode(_provider: LlmProviderName, sent: unknown) {
      const value = wrapped ? (sent as { value?: unknown } | null)?.value : sent;
      // Strict providers send absent optional properties as null.
      return schema.safeParse(value).success ? value : withoutNulls(value);
    },
  };
  return { schema, wire };
}

function withoutMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** Starts `call` unless the step is already stopped; stops waiting for it when the step is. */
async function abortable<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  const stopped = () =>
    new RetryableStepError(
      'llm.aborted',
      'The llm step was stopped (timeout or cancellation) before the model answered.',
    );
  if (signal.aborted) throw stopped();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function notConfigured(): PermanentStepError {
  return new PermanentStepError(
    'llm.not_configured',
    `llm steps cannot run: ${new LlmNotConfiguredError().message}`,
  );
}

/** Outages may pass (retryable, with the longest wait a provider asked for); the rest cannot. */
export function classifyLlmError(error: unknown): unknown {
  if (error instanceof PermanentStepError || error instanceof RetryableStepError) return error;
  if (error instanceof LlmNotConfiguredError) return notConfigured();
  if (error instanceof LlmOutputInvalidError) {
    return new PermanentStepError(
      'llm.output_invalid',
      `The model's answer does not fit the step's schema; make the prompt say what to answer, or loosen the schema. ${error.message}`,
      { cause: error },
    );
  }
  if (error instanceof LlmUnavailableError) {
    const failures = error.failures;
    if (failures.length > 0 && failures.every((f) => f.retryable === false)) {
      return new PermanentStepError('llm.rejected', error.message, { cause: error });
    }
    const waits = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
    const rateLimited = failures.length > 0 && failures.every((f) => f.code === 'LLM_RATE_LIMITED');
    return new RetryableStepError(rateLimited ? 'llm.rate_limited' : 'llm.unavailable', error.message, {
      cause: error,
      ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}),
    });
  }
  return error;
}
