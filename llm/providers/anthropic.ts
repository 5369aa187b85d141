import Anthropic, { APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { ProviderSettings } from '../types.js';
import {
  connectionError,
  httpCallError,
  malformedResponseError,
  type ProviderAdapter,
  type ProviderReply,
  type ProviderRequest,
  timeoutError,
} from './provider.js';

/**
 * Anthropic Messages API. Structured output is a forced tool call: one tool whose `input_schema`
 * is the schema, `tool_choice: { type: 'tool' }`; the answer is the tool call's `input`. System
 * parts marked `cache` get `cache_control: ephemeral` (a cache breakpoint after the static prefix).
 */
export function anthropicAdapter(settings: ProviderSettings, timeoutMs: number): ProviderAdapter {
  const client = new Anthropic({
    apiKey: settings.apiKey ?? null,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    maxRetries: 0,
    timeout: timeoutMs,
  });
  return {
    name: 'anthropic',
    model: settings.model,
    async call(request: ProviderRequest): Promise<ProviderReply> {
      const params: Anthropic.MessageCreateParamsNonStreaming = {
        model: settings.model,
        max_tokens: request.maxOutputTokens,
        system: request.system.map((part) => ({
          type: 'text' as const,
          text: part.text,
          ...(part.cache ? { cache_control: { type: 'ephemeral' as const } } : {}),
        })),
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        ...(request.object
          ? {
              tools: [
                {
                  name: request.object.name,
                  description: 'Reply by calling this tool with your answer as its input.',
                  input_schema: request.object.schema as Anthropic.Tool.InputSchema,
                },
              ],
              tool_choice: { type: 'tool' as const, name: request.object.name },
            }
          : {}),
      };
      let message: Anthropic.Message;
      try {
        message = await client.messages.create(params);
      } catch (error) {
        throw classify(error);
      }
      if (!Array.isArray(message?.content)) throw malformedResponseError('anthropic', 'no content blocks');
      const usage = message.usage;
      const cached = usage?.cache_read_input_tokens ?? 0;
      const reply = {
        model: message.model ?? settings.model,
        // input_tokens excludes cache reads and writes; ours counts every input token.
        inputTokens: (usage?.input_tokens ?? 0) + cached + (usage?.cache_creation_input_tokens ?? 0),
        outputTokens: usage?.output_tokens ?? 0,
        cachedTokens: cached,
      };
      const toolUse = message.content.find((block) => block.type === 'tool_use');
      if (request.object && toolUse) {
        return { ...reply, text: JSON.stringify(toolUse.input), value: toolUse.input };
      }
      const text = message.content
        .filter((block) => block.type === 'text')
        .map((block) => block.text)
        .join('');
      return { ...reply, text };
    },
  };
}

function classify(error: unknown) {
  if (error instanceof APIConnectionTimeoutError) return timeoutError('anthropic', error);
  if (error instanceof APIError) {
    if (error.status === undefined) return connectionError('anthropic', error);
    return httpCallError('anthropic', error.status, error.message, error.headers, error);
  }
  return malformedResponseError('anthropic', error instanceof Error ? error.message : String(error), error);
}
