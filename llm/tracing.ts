import { AsyncLocalStorage } from 'node:async_hooks';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { createObservationAttributes } from '@langfuse/tracing';
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { LangfuseSettings, LlmProviderName, LlmUsage, PromptRef } from './types.js';

/**
 * Langfuse tracing over OpenTelemetry: `withTrace` opens the root span of one trace (a planning
 * conversation turn), each call is a `generation` observation under it. The active trace is kept
 * in our own AsyncLocalStorage and parents are passed explicitly, so nothing depends on a global
 * OpenTelemetry context manager or tracer provider being registered.
 */

const TRACER_NAME = 'switchboard-llm';

/** One call's span; ended exactly once. */
export interface GenerationSpan {
  /** Trace id (recorded in `llm_calls`); undefined when tracing is off. */
  readonly traceId: string | undefined;
  succeed(result: { output: string; model: string; usage: LlmUsage }): void;
  fail(error: { code: string; message: string }): void;
}

export interface GenerationStart {
  purpose: string;
  provider: LlmProviderName;
  model: string;
  input: unknown;
  prompt?: PromptRef | undefined;
  attempt: number;
  tenantId?: string | undefined;
  runId?: string | undefined;
}

export interface Tracing {
  withTrace<R>(name: string, attributes: Record<string, string>, fn: () => Promise<R>): Promise<R>;
  startGeneration(start: GenerationStart): GenerationSpan;
  shutdown(): Promise<void>;
}

/** Tracing through `provider`, or to Langfuse when `langfuse` is set, else none. */
export function createTracing(provider: TracerProvider | undefined, langfuse?: LangfuseSettings): Tracing {
  if (provider) return otelTracing(provider.getTracer(TRACER_NAME), async () => {});
  if (langfuse) {
    const own = new BasicTracerProvider({
      spanProcessors: [
        new LangfuseSpanProcessor({
          publicKey: langfuse.publicKey,
          secretKey: langfuse.secretKey,
          ...(langfuse.baseUrl ? { baseUrl: langfuse.baseUrl } : {}),
          // The provider is ours alone: every span on it is one Langfuse should get.
          shouldExportSpan: () => true,
        }),
      ],
    });
    return otelTracing(own.getTracer(TRACER_NAME), () => own.shutdown());
  }
  return noTracing;
}

const noTracing: Tracing = {
  withTrace: (_name, _attributes, fn) => fn(),
  startGeneration: () => ({ traceId: undefined, succeed() {}, fail() {} }),
  shutdown: async () => {},
};

function otelTracing(tracer: Tracer, shutdown: () => Promise<void>): Tracing {
  const active = new AsyncLocalStorage<Span>();
  return {
    async withTrace(name, attributes, fn) {
      const span = tracer.startSpan(name, { attributes: traceAttributes(name, attributes) }, ROOT_CONTEXT);
      try {
        const result = await active.run(span, fn);
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
    startGeneration(start) {
      const parent = active.getStore();
      const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `${start.purpose} ${start.provider}`,
        {
          attributes: {
            ...createObservationAttributes('generation', {
              model: start.model,
              input: start.input,
              ...(start.prompt ? { version: start.prompt.version } : {}),
              metadata: {
                purpose: start.purpose,
                provider: start.provider,
                attempt: start.attempt,
                ...(start.prompt
                  ? { promptName: start.prompt.name, promptVersion: start.prompt.version }
                  : {}),
                ...(start.tenantId ? { tenantId: start.tenantId } : {}),
                ...(start.runId ? { runId: start.runId } : {}),
              },
            }),
            'gen_ai.system': start.provider,
            'gen_ai.request.model': start.model,
            ...(parent ? {} : { 'langfuse.trace.name': start.purpose }),
          },
        },
        context,
      );
      return {
        traceId: span.spanContext().traceId,
        succeed({ output, model, usage }) {
          span.setAttributes({
            ...createObservationAttributes('generation', {
              output,
              model,
              usageDetails: {
                input: usage.inputTokens - usage.cachedTokens,
                output: usage.outputTokens,
                cache_read_input_tokens: usage.cachedTokens,
                total: usage.inputTokens + usage.outputTokens,
              },
              costDetails: { total: usage.costUsd },
            }),
            'gen_ai.response.model': model,
            'gen_ai.usage.input_tokens': usage.inputTokens,
            'gen_ai.usage.output_tokens': usage.outputTokens,
          });
          span.setStatus({ code: SpanStatusCode.OK });
          span.end();
        },
        fail({ code, message }) {
          span.setAttributes(
            createObservationAttributes('generation', {
              level: 'ERROR',
              statusMessage: `${code}: ${message}`,
            }),
          );
          span.setStatus({ code: SpanStatusCode.ERROR, message: `${code}: ${message}` });
          span.end();
        },
      };
    },
    shutdown,
  };
}

function traceAttributes(name: string, attributes: Record<string, string>): Attributes {
  const out: Attributes = { 'langfuse.trace.name': name, 'langfuse.observation.type': 'span' };
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'sessionId') out['session.id'] = value;
    else if (key === 'userId') out['user.id'] = value;
    else out[`langfuse.trace.metadata.${key}`] = value;
  }
  return out;
}
