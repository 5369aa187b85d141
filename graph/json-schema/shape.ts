/**
 * What a place in the standard document schema holds, as far as the provider encodings care.
 * The strict schema transform (`strict.ts`) and the value codec (`codec.ts`) both decide by this
 * classification, so a value is always encoded the way its schema was.
 */
import { DEF_NAMES } from './standard.js';
import type { JsonSchema } from './types.js';

export type Shape =
  /** Free JSON: `$defs/Json`, or a string-keyed map of it (`llm.schema`). */
  | { kind: 'json' }
  /** A named definition other than Json (`$defs/Node`). */
  | { kind: 'ref'; name: string }
  | { kind: 'union'; branches: JsonSchema[] }
  | { kind: 'object'; properties: Record<string, JsonSchema>; required: ReadonlySet<string> }
  /** A map with typed values (`http.headers`, `transform.set`). */
  | { kind: 'record'; key: JsonSchema; value: JsonSchema }
  | { kind: 'array'; items: JsonSchema }
  | { kind: 'scalar' };

const DEFS_PREFIX = '#/$defs/';

export function refName(schema: JsonSchema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === 'string' && ref.startsWith(DEFS_PREFIX) ? ref.slice(DEFS_PREFIX.length) : undefined;
}

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function shapeOf(schema: JsonSchema): Shape {
  const name = refName(schema);
  if (name === DEF_NAMES.json) return { kind: 'json' };
  if (name !== undefined) return { kind: 'ref', name };
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return { kind: 'union', branches: branches.filter(isSchema) };
  if (schema.type === 'object' && isSchema(schema.properties)) {
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    return {
      kind: 'object',
      properties: schema.properties as Record<string, JsonSchema>,
      required: new Set(required),
    };
  }
  if (schema.type === 'object' && isSchema(schema.additionalProperties)) {
    const value = schema.additionalProperties;
    if (refName(value) === DEF_NAMES.json) return { kind: 'json' };
    const key = isSchema(schema.propertyNames) ? schema.propertyNames : { type: 'string' };
    return { kind: 'record', key, value };
  }
  if (schema.type === 'array' && isSchema(schema.items)) return { kind: 'array', items: schema.items };
  return { kind: 'scalar' };
}

/** The definition a `$ref` names; throws on a dangling reference, which would be a generator bug. */
export function resolveDef(defs: Record<string, JsonSchema>, name: string): JsonSchema {
  const def = defs[name];
  if (def === undefined) throw new Error(`JSON Schema refers to #/$defs/${name}, which does not exist`);
  return def;
}

/**
 * The branch of a discriminated union (triggers and nodes, by `type`) that a value belongs to: the
 * first object branch whose `const` (or one-value `enum`) properties all equal the value's.
 */
export function branchFor(
  branches: JsonSchema[],
  defs: Record<string, JsonSchema>,
  value: unknown,
): JsonSchema | undefined {
  if (!isSchema(value)) return undefined;
  return branches.find((candidate) => {
    const branch = resolveBranch(candidate, defs);
    if (!isSchema(branch.properties)) return false;
    const tags = Object.entries(branch.properties as Record<string, JsonSchema>).flatMap(
      ([key, property]) => {
        const tag = tagOf(property);
        return tag === undefined ? [] : [[key, tag.value] as const];
      },
    );
    return tags.length > 0 && tags.every(([key, tag]) => value[key] === tag);
  });
}

function resolveBranch(branch: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  const name = refName(branch);
  return name === undefined ? branch : resolveDef(defs, name);
}

function tagOf(property: JsonSchema): { value: unknown } | undefined {
  if ('const' in property) return { value: property.const };
  if (Array.isArray(property.enum) && property.enum.length === 1) return { value: property.enum[0] };
  return undefined;
}
