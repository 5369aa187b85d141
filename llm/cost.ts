import type { ModelPrice } from './types.js';

/**
 * Cost of one call in USD from the price table (USD per million tokens). A model missing from
 * the table is looked up without a date suffix (`gpt-4.1-2025-04-14` → `gpt-4.1`), else costs 0.
 */
export function costOf(
  prices: Record<string, ModelPrice>,
  model: string,
  tokens: { inputTokens: number; outputTokens: number; cachedTokens: number },
): number {
  const price = priceOf(prices, model);
  if (!price) return 0;
  const uncached = Math.max(0, tokens.inputTokens - tokens.cachedTokens);
  const usd =
    (uncached * price.input + tokens.cachedTokens * price.cached + tokens.outputTokens * price.output) /
    1_000_000;
  // Micro-dollar precision, as stored.
  return Math.round(usd * 1e6) / 1e6;
}

function priceOf(prices: Record<string, ModelPrice>, model: string): ModelPrice | undefined {
  return prices[model] ?? prices[model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, '')];
}
