import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, llmConfigFromVariables, llmConfigProblems } from './config.js';
import { costOf } from './cost.js';

describe('llmConfigFromVariables', () => {
  it('has no providers when nothing is set', () => {
    expect(llmConfigFromVariables({}).providers).toEqual([]);
  });

  it('uses the configured providers in the default order with default models', () => {
    const config = llmConfigFromVariables({
      LLM_BASE_URL: 'http://localhost:11434/v1',
      LLM_MODEL: 'qwen2.5:14b',
      OPENAI_API_KEY: 'sk-o',
      ANTHROPIC_API_KEY: 'sk-a',
    });
    expect(config.providers).toEqual([
      { name: 'anthropic', apiKey: 'sk-a', model: DEFAULT_MODELS.anthropic },
      { name: 'openai', apiKey: 'sk-o', model: DEFAULT_MODELS.openai },
      { name: 'compatible', baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:14b' },
    ]);
  });

  it('follows LLM_PROVIDERS and the model and base URL variables', () => {
    const config = llmConfigFromVariables({
      LLM_PROVIDERS: 'mistral, anthropic',
      ANTHROPIC_API_KEY: 'a',
      MISTRAL_API_KEY: 'm',
      MISTRAL_MODEL: 'mistral-large-latest',
      MISTRAL_BASE_URL: 'https://mistral.example',
      OPENAI_API_KEY: 'o',
    });
    expect(config.providers.map((p) => p.name)).toEqual(['mistral', 'anthropic']);
    expect(config.providers[0]).toMatchObject({
      model: 'mistral-large-latest',
      baseUrl: 'https://mistral.example',
    });
  });

  it('merges LLM_PRICES over the built-in prices and reads the retry and Langfuse settings', () => {
    const config = llmConfigFromVariables({
      LLM_PRICES: '{"qwen2.5:14b": {"input": 0.1, "output": 0.2}}',
      LLM_TIMEOUT_SECONDS: 5,
      LLM_MAX_RETRIES: 1,
      LANGFUSE_PUBLIC_KEY: 'pk',
      LANGFUSE_SECRET_KEY: 'sk',
    });
    expect(config.prices['qwen2.5:14b']).toEqual({ input: 0.1, output: 0.2, cached: 0.1 });
    expect(config.prices['gpt-4.1']).toBeDefined();
    expect(config).toMatchObject({
      timeoutMs: 5000,
      maxRetries: 1,
      langfuse: { publicKey: 'pk', secretKey: 'sk' },
    });
  });
});

describe('llmConfigProblems', () => {
  it('names unknown or unconfigured providers, a missing LLM_MODEL and a bad price table', () => {
    expect(
      llmConfigProblems({
        LLM_PROVIDERS: 'openai,gemini',
        LLM_BASE_URL: 'http://x/v1',
        LLM_PRICES: '{"m": 3}',
      }),
    ).toEqual([
      { variable: 'LLM_MODEL', message: expect.stringContaining('LLM_BASE_URL') },
      { variable: 'LLM_PROVIDERS', message: expect.stringContaining('set OPENAI_API_KEY') },
      { variable: 'LLM_PROVIDERS', message: expect.stringContaining('unknown provider "gemini"') },
      { variable: 'LLM_PRICES', message: expect.stringContaining('USD per million tokens') },
    ]);
  });
});

describe('costOf', () => {
  const prices = { 'gpt-4.1': { input: 2, output: 8, cached: 0.5 } };
  it('prices cached input apart and finds dated model names', () => {
    expect(
      costOf(prices, 'gpt-4.1-2025-04-14', { inputTokens: 2000, outputTokens: 500, cachedTokens: 1000 }),
    ).toBe(0.0065);
  });
  it('costs 0 for unknown models', () => {
    expect(costOf(prices, 'llama', { inputTokens: 1e6, outputTokens: 1e6, cachedTokens: 0 })).toBe(0);
  });
});
