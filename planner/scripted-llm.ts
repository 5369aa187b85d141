/**
 * A scripted `LlmClient` for planner tests and the benchmark: each `generateObject` call takes the
 * next scripted output and treats it as the real client does — wire decoding, then the zod schema,
 * `LlmOutputInvalidError` when that fails — and records the request. No network, no model.
 */

import type { GenerateObjectRequest, LlmClient, LlmProviderName, LlmResult } from '../llm/index.js';
import { LlmOutputInvalidError } from '../llm/index.js';

/** One scripted model output: an object (sent as its JSON), or raw text. */
export type ScriptedOutput = { answer: unknown } | { text: string };

export interface ScriptedLlm extends LlmClient {
  /** Every `generateObject` request, in order. */
  readonly requests: GenerateObjectRequest<unknown>[];
  /** Names of the traces opened. */
  readonly traces: string[];
}

export function scriptedLlm(
  outputs: readonly ScriptedOutput[],
  provider: LlmProviderName = 'anthropic',
): ScriptedLlm {
  const queue = [...outputs];
  const requests: GenerateObjectRequest<unknown>[] = [];
  const traces: string[] = [];
  return {
    requests,
    traces,
    providers: [provider],
    async generateObject<T>(request: GenerateObjectRequest<T>): Promise<LlmResult<T>> {
      requests.push(request as GenerateObjectRequest<unknown>);
      const output = queue.shift();
      if (output === undefined) throw new Error(`The script has no output left for call ${requests.length}.`);
      const raw = 'text' in output ? output.text : JSON.stringify(output.answer);
      const invalid = (
        reason: string,
        issues: { path: (string | number)[]; code: string; message: string }[],
      ) => new LlmOutputInvalidError({ provider, model: 'scripted', raw, issues, reason });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw invalid('is not JSON', []);
      }
      const decoded = request.wire ? request.wire.decode(provider, json) : json;
      const parsed = request.schema.safeParse(decoded);
      if (!parsed.success) {
        throw invalid(
          'does not match the schema',
          parsed.error.issues.map((i) => ({
            path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
            code: i.code,
            message: i.message,
          })),
        );
      }
      return {
        value: parsed.data,
        raw,
        provider,
        model: 'scripted',
        usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
        latencyMs: 0,
      };
    },
    async generateText() {
      throw new Error('The scripted planner client does not generate text.');
    },
    async withTrace(name, _attributes, fn) {
      traces.push(name);
      return fn();
    },
    async shutdown() {},
  };
}
