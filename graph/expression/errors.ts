/**
 * Errors of the expression language. Every class has a stable `code`; all of them are user
 * errors (the expression, the template or the data it reads must change), never retryable, and
 * their messages quote the offending part of the source and say what is expected instead.
 */

/** Base class of every error thrown by `graph/expression/`. */
export class ExpressionError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;
  /** Offset in the expression or template source where the problem is, when known. */
  readonly position: number | undefined;

  constructor(code: string, message: string, position?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.position = position;
  }
}

/** The source is not a well-formed expression or template; found when a document is validated. */
export class ExpressionSyntaxError extends ExpressionError {
  constructor(message: string, position?: number, options?: ErrorOptions) {
    super('expression.syntax', message, position, options);
  }
}

/** Why an evaluation failed, for callers that react differently (e.g. a missing field). */
export type EvaluationFailure =
  | 'missing_field'
  | 'unknown_variable'
  | 'wrong_type'
  | 'arithmetic'
  | 'not_json'
  | 'no_clock'
  | 'invalid_argument';

/** A well-formed expression failed against this run context (a missing field, a wrong type, …). */
export class ExpressionEvaluationError extends ExpressionError {
  readonly reason: EvaluationFailure;

  constructor(reason: EvaluationFailure, message: string, position?: number, options?: ErrorOptions) {
    super('expression.evaluation', message, position, options);
    this.reason = reason;
  }
}

/** The bound an expression exceeded. */
export type LimitName =
  | 'sourceLength'
  | 'templateLength'
  | 'templateHoles'
  | 'astNodes'
  | 'depth'
  | 'listLiteral'
  | 'mapLiteral'
  | 'callArguments'
  | 'work'
  | 'resultSize';

/** An expression or template is too large or did too much work; see `limits.ts`. */
export class ExpressionLimitError extends ExpressionError {
  readonly limit: LimitName;

  constructor(limit: LimitName, message: string, position?: number, options?: ErrorOptions) {
    super('expression.limit', message, position, options);
    this.limit = limit;
  }
}

const EXCERPT_LENGTH = 60;

/**
 * The part of `source` from `start` to `end` as a quoted snippet for messages, shortened so that
 * an error about a long template stays readable.
 */
export function quote(source: string, start: number, end = start): string {
  const from = Math.max(0, Math.min(start, source.length));
  let to = Math.max(from, Math.min(end, source.length));
  if (to === from) to = Math.min(source.length, from + 1);
  let text = source.slice(from, to);
  if (text.length > EXCERPT_LENGTH) text = `${text.slice(0, EXCERPT_LENGTH - 1)}…`;
  return text === '' ? 'the end of the expression' : `"${text}"`;
}

/**
 * The same error for an expression found at `offset` in a larger text (a template hole):
 * its position counts from the start of that text and `prefix` says where it happened.
 */
export function relocate(error: ExpressionError, offset: number, prefix: string): ExpressionError {
  const position = offset + (error.position ?? 0);
  const message = `${prefix}${error.message}`;
  const options = { cause: error };
  if (error instanceof ExpressionEvaluationError) {
    return new ExpressionEvaluationError(error.reason, message, position, options);
  }
  if (error instanceof ExpressionLimitError)
    return new ExpressionLimitError(error.limit, message, position, options);
  return new ExpressionSyntaxError(message, position, options);
}
