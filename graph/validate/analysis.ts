/**
 * Parsing of expression and template sources for validation, cached per source: documents repeat
 * the same expressions (`{{ trigger.number }}` in many messages), and the planner's repair loop
 * validates near-identical documents one after another.
 */
import {
  type AnalysisResult,
  analyzeExpression,
  analyzeTemplate,
  CONTEXT_ROOTS,
} from '../expression/index.js';
import type { ExpressionSite } from '../registry.js';

export type { AnalysisResult };

/** Sources remembered at most; the cache is dropped whole when full (simple and bounded). */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, AnalysisResult>();

/** What a site's source reads, or why it does not parse; never throws. */
export function analyzeSite(kind: ExpressionSite['kind'], source: string): AnalysisResult {
  const key = `${kind === 'template' ? 't' : 'e'}${source}`;
  let result = cache.get(key);
  if (result === undefined) {
    result = analyzeSafely(kind, source);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
  }
  return result;
}

function analyzeSafely(kind: ExpressionSite['kind'], source: string): AnalysisResult {
  try {
    return kind === 'template' ? analyzeTemplate(source) : analyzeExpression(source);
  } catch (error) {
    // A parser bug must not take the validator down; the source is then reported as unparsable.
    return { ok: false, message: `The expression could not be parsed (${String(error)}).` };
  }
}

/** Variables every expression of a node may read; `error` only after an onError jump (checked apart). */
export const RUN_ROOTS: readonly string[] = ['trigger', 'steps', 'vars', 'run', 'error'];

/** Every variable name the expression language knows of, for "did you mean" suggestions. */
export const KNOWN_ROOTS: readonly string[] = CONTEXT_ROOTS;
