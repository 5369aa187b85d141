/**
 * Moves values between the document shape and a provider's wire shape, walking the standard
 * document schema next to the value (see `shape.ts`), so that every place is encoded as the
 * strict schema (`strict.ts`) describes it.
 *
 * - `strict` wire: absent optionals are null, typed maps are `{ key, value }` lists, free JSON is
 *   JSON text in a string (OpenAI strict, Mistral).
 * - `plain` wire: the document itself (standard JSON Schema, Anthropic tool input). Decoding only
 *   drops nulls that models like to put in optional fields that do not accept null.
 *
 * Decoding does not validate: the result goes to `WorkflowDocument` and the validator, whose
 * messages are the ones the model gets back. Unknown keys are kept so that they are reported, and
 * a map or JSON value written in the plain form where the strict form was asked for is accepted
 * (providers without token-level enforcement sometimes do that; it means the same thing).
 */

import { escapePointer } from '../nodes/spec.js';
import type { WorkflowDocument } from '../schema/document.js';
import { LlmOutputDecodeError } from './errors.js';
import { branchFor, isSchema, resolveDef, shapeOf } from './shape.js';
import type { JsonSchema } from './types.js';

export type WireForm = 'strict' | 'plain';

interface Walk {
  form: WireForm;
  defs: Record<string, JsonSchema>;
}

/** The document in the wire form, as a model following that variant's schema would write it. */
export function encodeDocument(form: WireForm, standard: JsonSchema, document: WorkflowDocument): unknown {
  if (form === 'plain') return structuredClone(document);
  return encode({ form, defs: defsOf(standard) }, standard, document);
}

/** A model's output in the wire form turned back into a document-shaped value (not yet validated). */
export function decodeOutput(form: WireForm, standard: JsonSchema, value: unknown): unknown {
  return decode({ form, defs: defsOf(standard) }, standard, value, '');
}

function encode(walk: Walk, schema: JsonSchema, value: unknown): unknown {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'ref':
      return encode(walk, resolveDef(walk.defs, shape.name), value);
    case 'union': {
      const branch = branchFor(shape.branches, walk.defs, value);
      return branch === undefined ? value : encode(walk, branch, value);
    }
    case 'object': {
      if (!isSchema(value)) return value;
      return Object.fromEntries(
        Object.entries(shape.properties).map(([key, property]) => [
          key,
          value[key] === undefined ? null : encode(walk, property, value[key]),
        ]),
      );
    }
    case 'record':
      if (!isSchema(value)) return value;
      return Object.entries(value).map(([key, item]) => ({ key, value: encode(walk, shape.value, item) }));
    case 'array':
      return Array.isArray(value) ? value.map((item) => encode(walk, shape.items, item)) : value;
    case 'scalar':
      return value;
  }
}

function decode(walk: Walk, schema: JsonSchema, value: unknown, pointer: string): unknown {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case 'json':
      return walk.form === 'strict' ? parseJsonText(value, pointer) : value;
    case 'ref':
      return decode(walk, resolveDef(walk.defs, shape.name), value, pointer);
    case 'union': {
      const branch = branchFor(shape.branches, walk.defs, value);
      return branch === undefined ? value : decode(walk, branch, value, pointer);
    }
    case 'object': {
      if (!isSchema(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const property = shape.properties[key];
        if (property === undefined) out[key] = item;
        else if (item === null && !shape.required.has(key) && absentWhenNull(walk, property)) continue;
        else out[key] = decode(walk, property, item, `${pointer}/${escapePointer(key)}`);
      }
      return out;
    }
    case 'record':
      return walk.form === 'strict' ? decodeEntries(walk, shape.value, value, pointer) : value;
    case 'array':
      return Array.isArray(value)
        ? value.map((item, i) => decode(walk, shape.items, item, `${pointer}/${i}`))
        : value;
    case 'scalar':
      return value;
  }
}

/** In the plain form a free-JSON property may legitimately hold null; elsewhere null means absent. */
function absentWhenNull(walk: Walk, property: JsonSchema): boolean {
  return walk.form === 'strict' || shapeOf(property).kind !== 'json';
}

function parseJsonText(value: unknown, pointer: string): unknown {
  // A model that ignored the schema and wrote the value itself meant the same thing.
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new LlmOutputDecodeError(
      pointer,
      `is not valid JSON text (${(cause as Error).message}); send the value as a JSON-encoded string`,
      { cause },
    );
  }
}

function decodeEntries(walk: Walk, valueSchema: JsonSchema, value: unknown, pointer: string): unknown {
  // A map written as an object is what the entries stand for; anything else zod will report.
  if (!Array.isArray(value)) return isSchema(value) ? decodeMap(walk, valueSchema, value, pointer) : value;
  const out: Record<string, unknown> = {};
  value.forEach((entry, i) => {
    const at = `${pointer}/${i}`;
    if (!isSchema(entry) || typeof entry.key !== 'string' || !('value' in entry)) {
      throw new LlmOutputDecodeError(at, 'expected an entry { "key": string, "value": ... }');
    }
    if (Object.hasOwn(out, entry.key)) {
      throw new LlmOutputDecodeError(
        `${at}/key`,
        `the key "${entry.key}" appears twice; keep one entry per key`,
      );
    }
    out[entry.key] = decode(walk, valueSchema, entry.value, `${at}/value`);
  });
  return out;
}

function decodeMap(
  walk: Walk,
  valueSchema: JsonSchema,
  map: Record<string, unknown>,
  pointer: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(map).map(([key, item]) => [
      key,
      decode(walk, valueSchema, item, `${pointer}/${escapePointer(key)}`),
    ]),
  );
}

function defsOf(standard: JsonSchema): Record<string, JsonSchema> {
  return isSchema(standard.$defs) ? (standard.$defs as Record<string, JsonSchema>) : {};
}
