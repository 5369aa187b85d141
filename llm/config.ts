import { z } from 'zod';
import type { LlmConfig, LlmProviderName, ModelPrice, ProviderSettings } from './types.js';

/**
 * From configuration variables to `LlmConfig`. The variables themselves (names, docs, defaults)
 * are declared with the rest of the configuration in `app/config.ts`; this module owns their
 * meaning: which providers are configured, their order, models and prices.
 */

export const PROVIDER_NAMES: readonly LlmProviderName[] = ['anthropic', 'openai', 'mistral', 'compatible'];

/** Model used when the provider's `*_MODEL` variable is unset. */
export const DEFAULT_MODELS: Readonly<Record<Exclude<LlmProviderName, 'compatible'>, string>> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-4.1',
  mistral: 'mistral-medium-latest',
};

/** Built-in list prices, USD per million tokens; `LLM_PRICES` overrides or adds models. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-4-6': { input: 3, output: 15, cached: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cached: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cached: 0.1 },
  'claude-opus-4-1': { input: 15, output: 75, cached: 1.5 },
  'gpt-4.1': { input: 2, output: 8, cached: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cached: 0.1 },
  'gpt-4o': { input: 2.5, output: 10, cached: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cached: 0.075 },
  'mistral-medium-latest': { input: 0.4, output: 2, cached: 0.4 },
  'mistral-large-latest': { input: 2, output: 6, cached: 2 },
  'mistral-small-latest': { input: 0.1, output: 0.3, cached: 0.1 },
};

/** The LLM variables as `app/config.ts` provides them (already trimmed, empty = unset). */
export interface LlmVariables {
  LLM_PROVIDERS?: string | undefined;
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  ANTHROPIC_MODEL?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL?: string | undefined;
  MISTRAL_API_KEY?: string | undefined;
  MISTRAL_BASE_URL?: string | undefined;
  MISTRAL_MODEL?: string | undefined;
  LLM_BASE_URL?: string | undefined;
  LLM_API_KEY?: string | undefined;
  LLM_MODEL?: string | undefined;
  LLM_TIMEOUT_SECONDS?: number | undefined;
  LLM_MAX_RETRIES?: number | undefined;
  LLM_MAX_RETRY_DELAY_SECONDS?: number | undefined;
  LLM_PRICES?: string | undefined;
  LANGFUSE_PUBLIC_KEY?: string | undefined;
  LANGFUSE_SECRET_KEY?: string | undefined;
  LANGFUSE_BASE_URL?: string | undefined;
}

const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached: z.number().nonnegative().optional(),
});
const pricesSchema = z.record(z.string().min(1), priceSchema);

/** A problem with one variable, in the shape `app/config.ts` reports. */
export interface LlmConfigProblem {
  variable: string;
  message: string;
}

function providerSettings(v: LlmVariables, name: LlmProviderName): ProviderSettings | undefined {
  switch (name) {
    case 'anthropic':
      return v.ANTHROPIC_API_KEY
        ? settings(
            name,
            v.ANTHROPIC_API_KEY,
            v.ANTHROPIC_BASE_URL,
            v.ANTHROPIC_MODEL ?? DEFAULT_MODELS.anthropic,
          )
        : undefined;
    case 'openai':
      return v.OPENAI_API_KEY
        ? settings(name, v.OPENAI_API_KEY, v.OPENAI_BASE_URL, v.OPENAI_MODEL ?? DEFAULT_MODELS.openai)
        : undefined;
    case 'mistral':
      return v.MISTRAL_API_KEY
        ? settings(name, v.MISTRAL_API_KEY, v.MISTRAL_BASE_URL, v.MISTRAL_MODEL ?? DEFAULT_MODELS.mistral)
        : undefined;
    case 'compatible':
      return v.LLM_BASE_URL && v.LLM_MODEL
        ? settings(name, v.LLM_API_KEY, v.LLM_BASE_URL, v.LLM_MODEL)
        : undefined;
  }
}

function settings(
  name: LlmProviderName,
  apiKey: string | undefined,
  baseUrl: string | undefined,
  model: string,
): ProviderSettings {
  return {
    name,
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  };
}

const ENABLING_VARIABLE: Record<LlmProviderName, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  compatible: 'LLM_BASE_URL and LLM_MODEL',
};

/** Problems with the LLM variables, each naming its variable; empty when they are usable. */
export function llmConfigProblems(v: LlmVariables): LlmConfigProblem[] {
  const problems: LlmConfigProblem[] = [];
  if (v.LLM_BASE_URL && !v.LLM_MODEL) {
    problems.push({ variable: 'LLM_MODEL', message: 'must name the model to use when LLM_BASE_URL is set' });
  }
  if (v.LLM_PROVIDERS) {
    for (const entry of splitList(v.LLM_PROVIDERS)) {
      if (!PROVIDER_NAMES.includes(entry as LlmProviderName)) {
        problems.push({
          variable: 'LLM_PROVIDERS',
          message: `unknown provider "${entry}"; use a comma-separated list of ${PROVIDER_NAMES.join(', ')}`,
        });
      } else if (!providerSettings(v, entry as LlmProviderName)) {
        problems.push({
          variable: 'LLM_PROVIDERS',
          message: `lists ${entry}, which is not configured; set ${ENABLING_VARIABLE[entry as LlmProviderName]}`,
        });
      }
    }
  }
  if (v.LLM_PRICES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v.LLM_PRICES);
    } catch {
      parsed = undefined;
    }
    if (!pricesSchema.safeParse(parsed).success) {
      problems.push({
        variable: 'LLM_PRICES',
        message:
          'must be a JSON object of model name to {"input": n, "output": n, "cached": n} in USD per million tokens',
      });
    }
  }
  return problems;
}

/**
 * The client configuration. Assumes `llmConfigProblems(v)` is empty (start-up checks that);
 * providers listed in `LLM_PROVIDERS` but not configured are skipped.
 */
export function llmConfigFromVariables(v: LlmVariables): LlmConfig {
  const order = v.LLM_PROVIDERS
    ? splitList(v.LLM_PROVIDERS).filter((name): name is LlmProviderName =>
        PROVIDER_NAMES.includes(name as LlmProviderName),
      )
    : PROVIDER_NAMES;
  const providers = [...new Set(order)]
    .map((name) => providerSettings(v, name))
    .filter((p): p is ProviderSettings => p !== undefined);
  const overrides = v.LLM_PRICES ? pricesSchema.parse(JSON.parse(v.LLM_PRICES)) : {};
  const prices: Record<string, ModelPrice> = { ...DEFAULT_PRICES };
  for (const [model, price] of Object.entries(overrides)) {
    prices[model] = { input: price.input, output: price.output, cached: price.cached ?? price.input };
  }
  return {
    providers,
    prices,
    timeoutMs: (v.LLM_TIMEOUT_SECONDS ?? 60) * 1000,
    maxRetries: v.LLM_MAX_RETRIES ?? 2,
    maxRetryDelayMs: (v.LLM_MAX_RETRY_DELAY_SECONDS ?? 30) * 1000,
    ...(v.LANGFUSE_PUBLIC_KEY && v.LANGFUSE_SECRET_KEY
      ? {
          langfuse: {
            publicKey: v.LANGFUSE_PUBLIC_KEY,
            secretKey: v.LANGFUSE_SECRET_KEY,
            ...(v.LANGFUSE_BASE_URL ? { baseUrl: v.LANGFUSE_BASE_URL } : {}),
          },
        }
      : {}),
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}
