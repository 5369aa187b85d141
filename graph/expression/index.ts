/**
 * Expressions and templates of the workflow language (GRAPH.md "Data, expressions and
 * templates"): parse at validation time, evaluate against the run context at run time.
 *
 * The language is CEL, the Common Expression Language (https://github.com/google/cel-spec):
 * - it terminates: there is no recursion and no loop other than the comprehension macros
 *   (`all`, `exists`, `exists_one`, `map`, `filter`) over a list that already exists; we add a
 *   work budget so that it also terminates quickly (meter.ts);
 * - it is sandboxed: an expression sees the context it is given and the functions we register,
 *   nothing else. It cannot name the host (no `process`, `require`, `globalThis`) and field access
 *   reads own properties of plain objects only, so `trigger.constructor` or `x.__proto__` never
 *   reach JavaScript internals;
 * - it is familiar: Kubernetes admission policies, Google Cloud IAM conditions, Envoy and
 *   Firebase rules use it, LLMs write it well, and it reads like JS or Python
 *   (`trigger.amount > 5000 && "finance" in trigger.tags`, `items.exists(i, i.urgent)`).
 * Rejected: JSONata and JMESPath (query languages, clumsy for conditions; JSONata allows
 * recursion), JavaScript in `vm` (not a security boundary; isolates are heavy), expr-eval-like
 * calculators (no lists, maps or types).
 *
 * The implementation is `@marcbachmann/cel-js`: pure JavaScript without dependencies, ESM with
 * typings, most of the CEL spec including macros, parse-time structural limits, typed errors
 * with source ranges, and compiled ASTs reusable across evaluations. We add what a workflow
 * engine needs around it: JSON numbers that mix with integer literals (environment.ts), a work
 * budget (meter.ts), refusing `matches()` whose JavaScript regular expressions can backtrack
 * exponentially (parse.ts), and results converted to plain JSON (json.ts).
 *
 * Functions: the CEL standard ones (`size`, `int`, `double`, `string`, `timestamp`, `duration`,
 * `contains`, `startsWith`, `endsWith`, `trim`, `split`, `join`, `indexOf`, `substring`,
 * `lowerAscii`, `has`, the macros, `cel.bind`, timestamp getters such as `getHours("Europe/Paris")`)
 * plus `now()` (the time the caller passes as `options.now`), `timestamp(double)` (Unix seconds
 * from JSON), `string.lower()` and `string.upper()`.
 */
export type { ExpressionAnalysis } from './analyze.js';
export {
  type EvaluationFailure,
  ExpressionError,
  ExpressionEvaluationError,
  ExpressionLimitError,
  ExpressionSyntaxError,
  type LimitName,
} from './errors.js';
export { type EvaluateOptions, type ExpressionContext, evaluateExpression } from './evaluate.js';
export { renderJsonTemplate } from './json-template.js';
export { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits, SOURCE_LIMITS } from './limits.js';
export {
  type CompiledExpression,
  type ParseExpressionResult,
  type ParseFailure,
  parseExpression,
} from './parse.js';
export {
  type CompiledTemplate,
  type ParseTemplateResult,
  parseTemplate,
  renderTemplate,
  type TemplatePart,
} from './template.js';

import type { ExpressionAnalysis } from './analyze.js';
import { type ParseFailure, parseExpression } from './parse.js';
import { parseTemplate } from './template.js';

/**
 * The variables a run context can hold (GRAPH.md): `item` and `index` inside loop bodies (a loop's
 * `as` renames `item`), `error` after an `onError` jump, `event` in event filters and `wait.match`,
 * `record` in `record.where`.
 */
export const CONTEXT_ROOTS = [
  'trigger',
  'steps',
  'vars',
  'run',
  'item',
  'index',
  'error',
  'event',
  'record',
] as const;

export type AnalysisResult = { readonly ok: true; readonly analysis: ExpressionAnalysis } | ParseFailure;

/** What an expression reads (context variables, step ids), or why it does not parse. */
export function analyzeExpression(source: string): AnalysisResult {
  const parsed = parseExpression(source);
  return parsed.ok ? { ok: true, analysis: parsed.expression.analysis } : parsed;
}

/** What the holes of a template read together, or why it does not parse. */
export function analyzeTemplate(text: string): AnalysisResult {
  const parsed = parseTemplate(text);
  return parsed.ok ? { ok: true, analysis: parsed.template.analysis } : parsed;
}
