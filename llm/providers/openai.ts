import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { LlmCallError } from '../errors.js';
import type { LlmProviderName, ProviderSettings } from '../types.js';
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
 * OpenAI Chat Completions, which OpenAI-compatible servers (Ollama, vLLM, LM Studio) implement
 * too. Structured output is `response_format: { type: 'json_schema', strict }`. A compatible
 * server that refuses `json_schema` (400/422) is asked again with `json_object` and the schema in
 * the system prompt; the zod parse remains the gate either way. OpenAI caches long prompt
 * prefixes by itself, so `cache` marks need nothing here beyond putting static parts first.
 */
export function openAiAdapter(
  name: Extract<LlmProviderName, 'openai' | 'compatible'>,
  settings: ProviderSettings,
  timeoutMs: number,
): ProviderAdapter {
  const client = new OpenAI({
    // Local servers often need no key, but the SDK insists on one.
    apiKey: settings.apiKey ?? 'unused',
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    maxRetries: 0,
    timeout: timeoutMs,
  });
  const create = async (params: OpenAI.ChatCompletionCreateParamsNonStreaming) => {
    try {
      return await client.chat.completions.create(params);
    } catch (error) {
      throw classify(name, error);
    }
  };
  return {
    name,
    model: settings.model,
    async call(request: ProviderRequest): Promise<ProviderReply> {
      const base = {
        model: settings.model,
        // OpenAI's newer models take only max_completion_tokens; compatible servers know max_tokens.
        ...(name === 'openai'
          ? { max_completion_tokens: request.maxOutputTokens }
          : { max_tokens: request.maxOutputTokens }),
        messages: [
          ...(request.system.length > 0
            ? [{ role: 'system' as const, content: systemText(request.system) }]
            : []),
          ...request.messages.map((m) => ({ role: m.role, content: m.content })),
        ],
      };
      if (!request.object) return reply(name, await create(base), settings.model);
      const jsonSchema = {
        ...base,
        response_format: {
          type: 'json_schema' as const,
          json_schema: {
            name: request.object.name,
            schema: request.object.schema,
            strict: request.object.strict,
          },
        },
      };
      try {
        return reply(name, await create(jsonSchema), settings.model);
      } catch (error) {
        if (!(name === 'compatible' && refusedJsonSchema(error))) throw error;
      }
      const schemaNote =
        'Reply with one JSON object only, no other text, matching this JSON Schema:\n' +
        JSON.stringify(request.object.schema);
      const jsonObject: OpenAI.ChatCompletionCreateParamsNonStreaming = {
        ...base,
        messages: [
          { role: 'system', content: [systemText(request.system), schemaNote].filter(Boolean).join('\n\n') },
          ...request.messages.map((m) => ({ role: m.role, content: m.content })),
        ],
        response_format: { type: 'json_object' },
      };
      return reply(name, await create(jsonObject), settings.model);
    },
  };
}

function refusedJsonSchema(error: unknown): boolean {
  return error instanceof LlmCallError && (error.status === 400 || error.status === 422);
}

function reply(
  name: LlmProviderName,
  completion: OpenAI.ChatCompletion,
  fallbackModel: string,
): ProviderReply {
  const choice = completion?.choices?.[0];
  if (!choice?.message) throw malformedResponseError(name, 'no choices in the completion');
  const usage = completion.usage;
  return {
    text: choice.message.content ?? choice.message.refusal ?? '',
    model: completion.model || fallbackModel,
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

function classify(name: LlmProviderName, error: unknown) {
  if (error instanceof APIConnectionTimeoutError) return timeoutError(name, error);
  if (error instanceof APIError) {
    if (error.status === undefined) return connectionError(name, error);
    return httpCallError(name, error.status, error.message, error.headers, error);
  }
  return malformedResponseError(name, error instanceof Error ? error.message : String(error), error);
}
