/**
 * Templates: text with `{{ expression }}` holes. A hole ends at the first `}}` that is outside
 * string literals and map braces, so `{{ {"a": {"b": 1}} }}` and `{{ "}}" }}` work. There is no
 * escape syntax: a literal `{{` is written as a hole that yields it, `{{ "{{" }}`. A `}}` outside
 * any hole is plain text.
 *
 * Rendering inserts strings as they are, numbers and booleans as text, null as nothing, and
 * lists and maps as JSON. One template is one evaluation: its holes share the work and result
 * bounds.
 */
import type { Json } from '../schema/common.js';
import { type ExpressionAnalysis, mergeAnalyses } from './analyze.js';
import { ExpressionError, type LimitName, relocate } from './errors.js';
import {
  type EvaluateOptions,
  type Evaluation,
  type ExpressionContext,
  evaluateJson,
  startEvaluation,
} from './evaluate.js';
import { SOURCE_LIMITS } from './limits.js';
import { type CompiledExpression, type ParseFailure, parseError, parseExpressionAt } from './parse.js';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'hole';
      readonly expression: CompiledExpression;
      /** Offset of the expression (just after `{{`) in the template. */
      readonly offset: number;
    };

/** A parsed template, ready to render any number of times. */
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** What the holes read, together. */
  readonly analysis: ExpressionAnalysis;
}

export type ParseTemplateResult = { readonly ok: true; readonly template: CompiledTemplate } | ParseFailure;

const OPEN = '{{';
const CLOSE = '}}';

function failure(message: string, position: number, limit?: LimitName): ParseFailure {
  return limit === undefined ? { ok: false, message, position } : { ok: false, message, position, limit };
}

/**
 * The offset just after the string literal starting at `start`, or -1 if it is not closed. Like
 * the CEL lexer, a backslash keeps the next character in the string, in raw strings too.
 */
function skipString(text: string, start: number): number {
  const quoteChar = text[start]!;
  const triple = quoteChar.repeat(3);
  const delimiter = text.startsWith(triple, start) ? triple : quoteChar;
  let at = start + delimiter.length;
  while (at < text.length) {
    if (text[at] === '\\') at += 2;
    else if (text.startsWith(delimiter, at)) return at + delimiter.length;
    else at += 1;
  }
  return -1;
}

/** The offset of the `}}` closing the hole whose expression starts at `from`, or a failure. */
function findClose(text: string, from: number, holeAt: number): number | ParseFailure {
  let depth = 0;
  let at = from;
  while (at < text.length) {
    const char = text[at];
    if (char === '"' || char === "'") {
      const end = skipString(text, at);
      if (end < 0) {
        return failure(
          `The string opened at offset ${at} inside the {{ at offset ${holeAt} is never closed.`,
          at,
        );
      }
      at = end;
      continue;
    }
    if (char === '{') depth += 1;
    else if (char === '}' && depth > 0) depth -= 1;
    else if (char === '}' && text[at + 1] === '}') return at;
    at += 1;
  }
  return failure(
    `The {{ at offset ${holeAt} is never closed: end the expression with }}. ` +
      'To write {{ as text, use {{ "{{" }}.',
    holeAt,
  );
}

function parseHole(text: string, holeAt: number, close: number): TemplatePart | ParseFailure {
  const offset = holeAt + OPEN.length;
  const source = text.slice(offset, close);
  if (source.trim() === '') {
    return failure(
      `The {{ }} at offset ${holeAt} is empty: put an expression inside, such as {{ trigger.name }}. ` +
        'To write {{ as text, use {{ "{{" }}.',
      holeAt,
    );
  }
  const parsed = parseExpressionAt(source, offset);
  if (!parsed.ok) {
    return failure(
      `In the {{ }} at offset ${holeAt}: ${parsed.message}`,
      parsed.position ?? offset,
      parsed.limit,
    );
  }
  return { kind: 'hole', expression: parsed.expression, offset };
}

function checkTemplateSize(text: string): ParseFailure | undefined {
  if (text.length <= SOURCE_LIMITS.maxTemplateLength) return undefined;
  return failure(
    `The template is ${text.length} characters long; the limit is ${SOURCE_LIMITS.maxTemplateLength}.`,
    SOURCE_LIMITS.maxTemplateLength,
    'templateLength',
  );
}

/** Splits `text` into literal text and parsed holes. */
function splitTemplate(text: string): TemplatePart[] | ParseFailure {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  let holes = 0;
  for (let open = text.indexOf(OPEN); open >= 0; open = text.indexOf(OPEN, cursor)) {
    if (++holes > SOURCE_LIMITS.maxTemplateHoles) {
      return failure(
        `The template has more than ${SOURCE_LIMITS.maxTemplateHoles} {{ }} holes.`,
        open,
        'templateHoles',
      );
    }
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    const close = findClose(text, open + OPEN.length, open);
    if (typeof close !== 'number') return close;
    const hole = parseHole(text, open, close);
    if ('ok' in hole) return hole;
    parts.push(hole);
    cursor = close + CLOSE.length;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return parts;
}

/**
 * Parses a template. Never throws: an unclosed `{{`, an empty hole or an invalid expression gives
 * a message and the offset of the problem in `text`.
 */
export function parseTemplate(text: string): ParseTemplateResult {
  if (typeof text !== 'string') return failure('A template must be a string.', 0);
  const tooBig = checkTemplateSize(text);
  if (tooBig !== undefined) return tooBig;
  const parts = splitTemplate(text);
  if (!Array.isArray(parts)) return parts;
  const analyses = parts.flatMap((part) => (part.kind === 'hole' ? [part.expression.analysis] : []));
  const template: CompiledTemplate = Object.freeze({
    source: text,
    parts: Object.freeze(parts),
    analysis: Object.freeze(mergeAnalyses(analyses)),
  });
  return { ok: true, template };
}

/** Like `parseTemplate`, for callers that handle an invalid template as an exception. */
export function compileTemplate(text: string): CompiledTemplate {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw parseError(parsed);
  return parsed.template;
}

type Hole = TemplatePart & { kind: 'hole' };

/** The single hole of a template that is nothing else (`"{{ expr }}"`), if it is one. */
export function soleHole(template: CompiledTemplate): Hole | undefined {
  const [only, ...rest] = template.parts;
  return only?.kind === 'hole' && rest.length === 0 ? only : undefined;
}

/** Runs `step` for `hole`, with any error located in the template. */
function inHole<T>(hole: Hole, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw relocate(error, hole.offset, `In the {{ }} at offset ${hole.offset - OPEN.length}: `);
  }
}

/** The JSON value of one hole. */
export function evaluateHole(hole: Hole, context: ExpressionContext, evaluation: Evaluation): Json {
  return inHole(hole, () => evaluateJson(hole.expression, context, evaluation));
}

/** A hole's value as text: strings as they are, null as nothing, lists and maps as JSON. */
function asText(json: Json): string {
  if (json === null) return '';
  if (typeof json === 'string') return json;
  if (typeof json === 'number' || typeof json === 'boolean') return String(json);
  return JSON.stringify(json);
}

/** Renders a compiled template within an evaluation already started. */
export function renderParts(
  template: CompiledTemplate,
  context: ExpressionContext,
  evaluation: Evaluation,
): string {
  let output = '';
  for (const part of template.parts) {
    if (part.kind === 'text') {
      evaluation.result.spend(part.text.length);
      output += part.text;
      continue;
    }
    output += asText(evaluateHole(part, context, evaluation));
  }
  return output;
}

/**
 * Renders a template (text or compiled) against the run context. Throws `ExpressionSyntaxError`
 * for an invalid template and the evaluation errors of `evaluateExpression`, located in the
 * template.
 */
export function renderTemplate(
  template: string | CompiledTemplate,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): string {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template;
  return renderParts(compiled, context, startEvaluation(options));
}
