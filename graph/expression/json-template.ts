/**
 * JSON with templates in its strings (`http.body`, `record.data`, `end.output`,
 * `subworkflow.input`). A string that is exactly one hole, `"{{ expr }}"`, becomes the
 * expression's JSON value with its type (a number stays a number, an object an object); any other
 * string is rendered as a template. Object keys are literal. The whole value is one evaluation.
 */
import type { Json } from '../schema/common.js';
import { ExpressionError, relocate } from './errors.js';
import {
  type EvaluateOptions,
  type Evaluation,
  type ExpressionContext,
  startEvaluation,
} from './evaluate.js';
import { setEntry } from './json.js';
import { compileTemplate, evaluateHole, renderParts, soleHole } from './template.js';

/** RFC 6901 escaping of one pointer segment. */
function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function renderString(
  text: string,
  pointer: string,
  context: ExpressionContext,
  evaluation: Evaluation,
): Json {
  try {
    const template = compileTemplate(text);
    const hole = soleHole(template);
    if (hole !== undefined) return evaluateHole(hole, context, evaluation);
    return renderParts(template, context, evaluation);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw relocate(error, 0, `At ${pointer || '/'}: `);
  }
}

function renderValue(value: Json, pointer: string, context: ExpressionContext, evaluation: Evaluation): Json {
  if (typeof value === 'string') return renderString(value, pointer, context, evaluation);
  if (Array.isArray(value)) {
    return value.map((item, index) => renderValue(item, `${pointer}/${index}`, context, evaluation));
  }
  if (value === null || typeof value !== 'object') return value;
  const rendered: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    setEntry(rendered, key, renderValue(item, `${pointer}/${escapeSegment(key)}`, context, evaluation));
  }
  return rendered;
}

/**
 * Renders every template string inside a JSON value. Errors name the JSON Pointer of the string
 * (relative to `value`) and carry the offset inside that string.
 */
export function renderJsonTemplate(
  value: Json,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): Json {
  return renderValue(value, '', context, startEvaluation(options));
}
