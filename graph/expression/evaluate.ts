/**
 * Evaluation: a compiled expression against a run context of JSON values, within the work and
 * result bounds, with cel-js errors turned into messages that name the field or operand at fault.
 */
import type { Json } from '../schema/common.js';
import {
  type EvaluationFailure,
  ExpressionError,
  ExpressionEvaluationError,
  ExpressionLimitError,
  quote,
} from './errors.js';
import { ResultBudget, toJson } from './json.js';
import { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './limits.js';
import { WorkMeter } from './meter.js';
import { type CompiledExpression, compileExpression, programOf } from './parse.js';
import { type EvaluationSession, runInSession } from './session.js';

/** The run context: `trigger`, `steps`, `vars`, `run`, and where they apply `item`, `index`, `error`, … */
export type ExpressionContext = Readonly<Record<string, unknown>>;

export interface EvaluateOptions {
  /**
   * What `now()` returns. No default: `graph/` has no clock, and the engine must pass the time it
   * recorded for the step so that replaying a run gives the same values. Without it, `now()`
   * fails with an `ExpressionEvaluationError` (reason `no_clock`).
   */
  now?: Date;
  /** Overrides of `DEFAULT_EVALUATION_LIMITS` (work budget, result size). */
  limits?: Partial<EvaluationLimits>;
}

/** The bounds and clock of one evaluation, shared by all holes of a template. */
export interface Evaluation {
  readonly session: EvaluationSession;
  readonly result: ResultBudget;
}

/** Starts an evaluation; a bad `now` or limit is a bug of the caller, reported as a TypeError. */
export function startEvaluation(options: EvaluateOptions = {}): Evaluation {
  const limits = { ...DEFAULT_EVALUATION_LIMITS, ...options.limits };
  if (options.now !== undefined && !(options.now instanceof Date && Number.isFinite(options.now.getTime()))) {
    throw new TypeError('options.now must be a valid Date.');
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!(value > 0)) throw new TypeError(`options.limits.${name} must be a positive number, not ${value}.`);
  }
  return {
    session: { meter: new WorkMeter(limits.maxWork), now: options.now },
    result: new ResultBudget(limits.maxResultSize),
  };
}

interface CelErrorLike extends Error {
  code: string;
  summary: string;
  range?: { start: number; end: number };
  node?: { op?: string; start: number; end: number; pos: number };
}

function isCelError(error: unknown): error is CelErrorLike {
  return error instanceof Error && typeof (error as Partial<CelErrorLike>).summary === 'string';
}

const REASONS: Readonly<Record<string, EvaluationFailure>> = {
  no_such_key: 'missing_field',
  index_out_of_bounds: 'missing_field',
  unknown_variable: 'unknown_variable',
  no_such_overload: 'wrong_type',
  no_matching_overload: 'wrong_type',
  invalid_condition_type: 'wrong_type',
  invalid_logical_operand: 'wrong_type',
  invalid_comprehension_range: 'wrong_type',
  unsupported_type: 'not_json',
  division_by_zero: 'arithmetic',
  modulo_by_zero: 'arithmetic',
  numeric_overflow: 'arithmetic',
};

/** "`trigger.x` does not exist: …" for a failed `a.b` or `a["b"]`. */
function describeMissingField(source: string, error: CelErrorLike): string {
  const node = error.node;
  const key = error.summary.replace(/^No such key: /, '');
  if (node === undefined) return `The field "${key}" does not exist.`;
  const path = source.slice(node.start, node.end);
  if (node.op === '.') {
    const owner = source.slice(node.start, node.pos).replace(/\s*\.\s*$/, '');
    return (
      `${path} does not exist: ${owner} has no field "${key}". ` +
      `Test for it with has(${path}), or check the field name.`
    );
  }
  const owner = source.slice(node.start, node.end).replace(/\[[^\]]*\]\s*$/, '');
  return `${path} does not exist: ${owner} has no entry "${key}". Test for it with "${key}" in ${owner}.`;
}

function describeUnknownVariable(error: CelErrorLike, context: ExpressionContext): string {
  const name = error.summary.replace(/^Unknown variable: /, '');
  const available = Object.keys(context).sort().join(', ') || 'nothing';
  return `"${name}" is not available here; the context has: ${available}.`;
}

function describeCelError(source: string, error: CelErrorLike, context: ExpressionContext): string {
  if (error.code === 'no_such_key') return describeMissingField(source, error);
  if (error.code === 'unknown_variable') return describeUnknownVariable(error, context);
  const range = error.range;
  const where = range === undefined ? '' : ` in ${quote(source, range.start, range.end)}`;
  const hint =
    REASONS[error.code] === 'wrong_type' ? ' Convert values with string(), int() or double().' : '';
  return `Evaluation failed${where}: ${error.summary}.${hint}`;
}

/** Any error thrown while evaluating, as one of ours. */
function translate(source: string, error: unknown, context: ExpressionContext): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (isCelError(error)) {
    const reason = REASONS[error.code] ?? 'invalid_argument';
    const position = error.code === 'no_such_key' ? error.node?.start : error.range?.start;
    return new ExpressionEvaluationError(reason, describeCelError(source, error, context), position, {
      cause: error,
    });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ExpressionLimitError(
      'depth',
      'The data the expression reads is nested too deeply.',
      undefined,
      {
        cause: error,
      },
    );
  }
  if (error instanceof RangeError && /Invalid (string|array) length/.test(error.message)) {
    return new ExpressionLimitError('work', 'The expression built a string or list too large.', undefined, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ExpressionEvaluationError('invalid_argument', `Evaluation failed: ${message}.`, undefined, {
    cause: error,
  });
}

/** Evaluates within `evaluation`, returning the raw CEL value (for templates to format). */
export function evaluateCel(
  expression: CompiledExpression,
  context: ExpressionContext,
  evaluation: Evaluation,
): unknown {
  assertMeteringWorks();
  const program = programOf(expression);
  const meter = evaluation.session.meter;
  try {
    const value = runInSession(evaluation.session, () => program(context));
    // cel-js absorbs errors in `||`, `&&` and macros when the outcome does not depend on them.
    if (meter.exhausted !== undefined) throw meter.exhausted;
    return value;
  } catch (error) {
    throw translate(expression.source, error, context);
  }
}

/** Evaluates within `evaluation` and converts the value to JSON, spending its result budget. */
export function evaluateJson(
  expression: CompiledExpression,
  context: ExpressionContext,
  evaluation: Evaluation,
): Json {
  const value = evaluateCel(expression, context, evaluation);
  try {
    return toJson(value, evaluation.result);
  } catch (error) {
    throw translate(expression.source, error, context);
  }
}

/**
 * Evaluates an expression (source or compiled) against the run context and returns plain JSON.
 * Throws `ExpressionSyntaxError` (or `ExpressionLimitError`) for a source that does not parse,
 * `ExpressionEvaluationError` when the data does not fit (a missing field, a wrong type, …) and
 * `ExpressionLimitError` when an evaluation bound is exceeded.
 */
export function evaluateExpression(
  expression: string | CompiledExpression,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Json {
  const compiled = typeof expression === 'string' ? compileExpression(expression) : expression;
  return evaluateJson(compiled, context, startEvaluation(options));
}

let meteringChecked = false;

/**
 * Refuses to evaluate if the meter is not effective, which would mean that cel-js internals the
 * meter relies on changed (see meter.ts): better no expressions than unbounded ones.
 */
function assertMeteringWorks(): void {
  if (meteringChecked) return;
  meteringChecked = true;
  const probe = compileExpression('[1, 2, 3].map(x, x + 1)');
  const evaluation = startEvaluation();
  evaluateCel(probe, {}, evaluation);
  if (evaluation.session.meter.spent < 3 * 3) {
    meteringChecked = false;
    throw new Error('The expression work meter is not effective with this version of @marcbachmann/cel-js.');
  }
}
