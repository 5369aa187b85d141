import { Mistral } from '@mistralai/mistralai';
import type { ChatCompletionResponse } from '@mistralai/mistralai/models/components';
import {
  ConnectionError,
  MistralError,
  RequestTimeoutError,
  ResponseValidationError,
} from '@mistralai/mistralai/models/errors';
import type { ProviderSettings } from '../types.js';
import {
  connectionError,
  httpCallError,
  malformedResponseError,
  type ProviderAdapter,
  type ProviderReply,
  type ProviderRequest,
  systemText,
  timeoutError,
} from './provider.js';

/**
 * Mistral chat completions (`POST /v1/chat/completions`). Structured output is
 * `response_format: { type: 'json_schema', json_schema: { name, schema, strict } }`; Mistral
 * caches prompt prefixes by itself, so `cache` marks need nothing here.
 */
export function mistralAdapter(settings: ProviderSettings, timeoutMs: number): ProviderAdapter {
  const client = new Mistral({
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(settings.baseUrl ? { serverURL: settings.baseUrl } : {}),
    retryConfig: { strategy: 'none' },
    timeoutMs,
  });
  return {
    name: 'mistral',
    model: settings.model,
    async call(request: ProviderRequest): Promise<ProviderReply> {
      let response: ChatCompletionResponse;
      try {
        response = await client.chat.complete({
          model: settings.model,
          maxTokens: request.maxOutputTokens,
          messages: [
            ...(request.system.length > 0
              ? [{ role: 'system' as const, content: systemText(request.system) }]
              : []),
            ...request.messages.map((m) => ({ role: m.role, content: m.content })),
          ],
          ...(request.object
            ? {
                responseFormat: {
                  type: 'json_schema' as const,
                  jsonSchema: {
                    name: request.object.name,
                    schemaDefinition: request.object.schema,
                    strict: request.object.strict,
                  },
                },
              }
            : {}),
        });
      } catch (error) {
        throw classify(error);
      }
      const message = response.choices?.[0]?.message;
      if (!message) throw malformedResponseError('mistral', 'no choices in the completion');
      const content = message.content;
      const text =
        typeof content === 'string'
          ? content
          : (content ?? [])
              .map((chunk) => ('text' in chunk && typeof chunk.text === 'string' ? chunk.text : ''))
              .join('');
      const usage = response.usage;
      return {
        text,
        model: response.model || settings.model,
        inputTokens: usage?.promptTokens ?? 0,
        outputTokens: usage?.completionTokens ?? 0,
        cachedTokens: cachedTokensOf(usage),
      };
    },
  };
}

/** Mistral reports cache hits, when it does, as OpenAI-style `prompt_tokens_details`. */
function cachedTokensOf(usage: Record<string, unknown> | undefined): number {
  const details = (usage?.promptTokensDetails ?? usage?.prompt_tokens_details) as
    | Record<string, unknown>
    | undefined;
  const cached = details?.cachedTokens ?? details?.cached_tokens;
  return typeof cached === 'number' ? cached : 0;
}

function classify(error: unknown) {
  if (error instanceof RequestTimeoutError) return timeoutError('mistral', error);
  if (error instanceof ConnectionError) return connectionError('mistral', error);
  if (error instanceof ResponseValidationError)
    return malformedResponseError('mistral', error.message, error);
  if (error instanceof MistralError) {
    return httpCallError('mistral', error.statusCode, error.body || error.message, error.headers, error);
  }
  return malformedResponseError('mistral', error instanceof Error ? error.message : String(error), error);
}
