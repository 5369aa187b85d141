/**
 * Parsing: from source text to a compiled expression, or to a message a person or an LLM can act
 * on. Everything that can be known without data is checked here, so that a malformed expression
 * fails validation rather than a run: syntax, size, nesting, unknown functions, type errors
 * between literals, and functions we refuse.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { astHeight, type ExpressionAnalysis, readsOf } from './analyze.js';
import { celEnvironment, FUNCTION_NAMES } from './environment.js';
import { ExpressionLimitError, ExpressionSyntaxError, type LimitName, quote } from './errors.js';
import { SOURCE_LIMITS } from './limits.js';
import { instrument } from './meter.js';

/** A parsed, checked expression, ready to evaluate any number of times. */
export interface CompiledExpression {
  readonly source: string;
  /** What the expression reads; see `ExpressionAnalysis`. */
  readonly analysis: ExpressionAnalysis;
}

/** Why a source was rejected; `position` is an offset in the source when known. */
export interface ParseFailure {
  readonly ok: false;
  readonly message: string;
  readonly position?: number;
  /** Set when the source is well-formed but exceeds one of `SOURCE_LIMITS`. */
  readonly limit?: LimitName;
}

export type ParseExpressionResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | ParseFailure;

/** The cel-js program behind each compiled expression; kept out of the public type. */
const programs = new WeakMap<CompiledExpression, ParseResult>();

/**
 * Recently compiled expressions by source. Compiled expressions hold no evaluation state, so
 * callers that pass source text (a loop body run per item, JSON templates) parse each text once.
 */
const recent = new Map<string, CompiledExpression>();
const RECENT_LIMIT = 500;

function recall(source: string): CompiledExpression | undefined {
  const expression = recent.get(source);
  if (expression !== undefined) {
    recent.delete(source);
    recent.set(source, expression);
  }
  return expression;
}

function remember(expression: CompiledExpression): void {
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  recent.set(expression.source, expression);
}

/** The cel-js program of `expression`; throws if it was not made by `parseExpression`. */
export function programOf(expression: CompiledExpression): ParseResult {
  const program = programs.get(expression);
  if (program === undefined) throw new TypeError('Pass an expression returned by parseExpression().');
  return program;
}

/** Functions the language has but workflows may not call, with the reason and the alternative. */
const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  matches:
    'matches() is not available: its regular expressions can take unbounded time on some inputs. ' +
    'Use contains(), startsWith(), endsWith() or split() instead.',
};

/** The cel-js lexer's token names, as a person would write them. */
const TOKEN_WORDS: Readonly<Record<string, string>> = {
  EOF: 'end of the expression',
  NUMBER: 'a number',
  STRING: 'a string',
  BYTES: 'a bytes literal',
  BOOLEAN: 'a boolean',
  NULL: 'null',
  IDENTIFIER: 'a name',
  PLUS: '"+"',
  MINUS: '"-"',
  MULTIPLY: '"*"',
  DIVIDE: '"/"',
  MODULO: '"%"',
  EQ: '"=="',
  NE: '"!="',
  LT: '"<"',
  LE: '"<="',
  GT: '">"',
  GE: '">="',
  AND: '"&&"',
  OR: '"||"',
  NOT: '"!"',
  IN: '"in"',
  LPAREN: '"("',
  RPAREN: '")"',
  LBRACKET: '"["',
  RBRACKET: '"]"',
  LBRACE: '"{"',
  RBRACE: '"}"',
  DOT: '"."',
  COMMA: '","',
  COLON: '":"',
  QUESTION: '"?"',
};

const TOKEN_PATTERN = new RegExp(`\\b(${Object.keys(TOKEN_WORDS).join('|')})\\b`, 'g');

/** What to write instead, by cel-js error code. */
const HINTS: Readonly<Record<string, string>> = {
  unexpected_token:
    'Expected an operand there: a value, a name such as trigger.amount, or an expression in parentheses.',
  expected_token: 'Check for a missing operator, bracket, comma or closing parenthesis.',
  reserved_identifier:
    'CEL has no statements; write conditions as cond ? a : b and quote words used as data.',
  invalid_macro_argument:
    'The first argument of all/exists/exists_one/map/filter must be a variable name, as in items.exists(x, x > 1); ' +
    'has() takes a field, as in has(trigger.x).',
  no_such_overload:
    'Convert one side with string(), int() or double() so that both sides have the same type.',
  unterminated_string: 'Close the string with the quote it was opened with.',
  unexpected_character: 'Compare with == and combine conditions with && and ||; quote text as "…".',
};

/** The cel-js parser limits, by the name its errors use. */
const PARSER_LIMITS: Readonly<Record<string, { limit: LimitName; message: string }>> = {
  maxAstNodes: {
    limit: 'astNodes',
    message: `The expression has more than ${SOURCE_LIMITS.maxAstNodes} parts; split the logic into transform steps.`,
  },
  maxDepth: {
    limit: 'depth',
    message: `The expression nests more than ${SOURCE_LIMITS.maxParserDepth} levels deep; use fewer nested parentheses, calls or field accesses.`,
  },
  maxListElements: {
    limit: 'listLiteral',
    message: `A list literal has more than ${SOURCE_LIMITS.maxListElements} elements; keep large data in the run context instead.`,
  },
  maxMapEntries: {
    limit: 'mapLiteral',
    message: `A map literal has more than ${SOURCE_LIMITS.maxMapEntries} entries; keep large data in the run context instead.`,
  },
  maxCallArguments: {
    limit: 'callArguments',
    message: `A call has more than ${SOURCE_LIMITS.maxCallArguments} arguments.`,
  },
};

const TOO_DEEP = PARSER_LIMITS.maxDepth!;

function failure(message: string, position?: number, limit?: LimitName): ParseFailure {
  return { ok: false, message, ...(position === undefined ? {} : { position }), ...(limit ? { limit } : {}) };
}

/** Where the expression sits in a larger text (a template), so that offsets point into that text. */
interface Placement {
  readonly source: string;
  readonly offset: number;
}

function shift(placement: Placement, position: number | undefined): number | undefined {
  return position === undefined ? undefined : placement.offset + position;
}

interface CelErrorLike {
  code?: unknown;
  summary?: unknown;
  range?: { start: number; end: number };
}

function isCelError(error: unknown): error is Error & CelErrorLike {
  return error instanceof Error && typeof (error as CelErrorLike).summary === 'string';
}

/** A cel-js summary in words: "Unexpected token: EOF" → "unexpected token: end of the expression". */
function humanSummary(summary: string): string {
  const words = summary.replace(TOKEN_PATTERN, (token) => TOKEN_WORDS[token] ?? token);
  return words.charAt(0).toLowerCase() + words.slice(1);
}

function unknownFunctionHint(summary: string): string | undefined {
  const name = /for '(?:[\w.<>, ]+\.)?(\w+)\(/.exec(summary)?.[1];
  if (name === undefined || FUNCTION_NAMES.includes(name)) {
    return 'Check the argument types: convert with string(), int() or double() where needed.';
  }
  return `There is no function "${name}". Available: ${FUNCTION_NAMES.join(', ')}.`;
}

/** A cel-js ParseError or TypeError as a message that quotes the source and says what to do. */
function describeCelError(placement: Placement, error: Error & CelErrorLike): ParseFailure {
  const code = String(error.code);
  const start = error.range?.start;
  const position = shift(placement, start);
  const summary = String(error.summary);
  if (code === 'limit_exceeded') {
    const exceeded = PARSER_LIMITS[/^Exceeded (\w+)/.exec(summary)?.[1] ?? ''] ?? TOO_DEEP;
    return failure(exceeded.message, position, exceeded.limit);
  }
  const hint = code === 'no_matching_overload' ? unknownFunctionHint(summary) : HINTS[code];
  const near = start === undefined ? '' : quote(placement.source, start, error.range?.end);
  const where = start === undefined ? '' : ` at offset ${position}, near ${near}`;
  const message = `Invalid expression${where}: ${humanSummary(summary)}.${hint === undefined ? '' : ` ${hint}`}`;
  return failure(message, position);
}

function describeThrown(placement: Placement, error: unknown): ParseFailure {
  if (isCelError(error)) return describeCelError(placement, error);
  if (error instanceof RangeError) return failure(TOO_DEEP.message, placement.offset, TOO_DEEP.limit);
  return failure(
    `The expression could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function checkSize({ source, offset }: Placement): ParseFailure | undefined {
  if (source.length > SOURCE_LIMITS.maxSourceLength) {
    return failure(
      `The expression is ${source.length} characters long; the limit is ${SOURCE_LIMITS.maxSourceLength}. ` +
        'Split the logic into transform steps.',
      offset + SOURCE_LIMITS.maxSourceLength,
      'sourceLength',
    );
  }
  if (source.trim() === '') {
    return failure('The expression is empty: write a CEL expression such as trigger.amount > 1000.', offset);
  }
  return undefined;
}

/** Parses with cel-js and runs every check that does not need data. */
function compile(placement: Placement): ParseExpressionResult {
  const { source } = placement;
  const program = celEnvironment.parse(source);
  if (astHeight(program.ast) > SOURCE_LIMITS.maxAstHeight) {
    return failure(TOO_DEEP.message, placement.offset, TOO_DEEP.limit);
  }
  const { analysis, calls } = readsOf(program.ast);
  for (const [name, reason] of Object.entries(REFUSED_FUNCTIONS)) {
    const position = calls.get(name);
    if (position !== undefined) return failure(reason, shift(placement, position));
  }
  const checked = program.check();
  if (!checked.valid) return describeThrown(placement, checked.error);
  instrument(program.ast);
  const expression: CompiledExpression = Object.freeze({ source, analysis: Object.freeze(analysis) });
  programs.set(expression, program);
  remember(expression);
  return { ok: true, expression };
}

/**
 * Parses and checks an expression. Never throws: a rejected source gives a message that quotes
 * the problem and says what is expected, with its offset when there is one.
 */
export function parseExpression(source: string): ParseExpressionResult {
  return parseExpressionAt(source, 0);
}

/** `parseExpression` for an expression found at `offset` in a template: positions count from there. */
export function parseExpressionAt(source: string, offset: number): ParseExpressionResult {
  if (typeof source !== 'string') return failure('An expression must be a string.');
  const known = recall(source);
  if (known !== undefined) return { ok: true, expression: known };
  const placement = { source, offset };
  const tooBig = checkSize(placement);
  if (tooBig !== undefined) return tooBig;
  try {
    return compile(placement);
  } catch (error) {
    return describeThrown(placement, error);
  }
}

/** The exception for a rejected source: `ExpressionLimitError` for a bound, else `ExpressionSyntaxError`. */
export function parseError(failure: ParseFailure): ExpressionLimitError | ExpressionSyntaxError {
  if (failure.limit !== undefined)
    return new ExpressionLimitError(failure.limit, failure.message, failure.position);
  return new ExpressionSyntaxError(failure.message, failure.position);
}

/** Like `parseExpression`, for callers that handle an invalid source as an exception. */
export function compileExpression(source: string): CompiledExpression {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw parseError(parsed);
  return parsed.expression;
}
