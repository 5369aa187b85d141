/**
 * The strict wire schema: the document schema rewritten into the JSON Schema subset that
 * constrained decoding accepts (OpenAI strict structured outputs; Mistral uses the same). See
 * `index.ts` for what each provider accepts and why each rule exists.
 *
 * - every object lists all its properties in `required` and has `additionalProperties: false`;
 *   an optional property becomes `anyOf: [T, { type: "null" }]` and null means "absent";
 * - maps with typed values (`http.headers`, `http.query`, `transform.set`) become arrays of
 *   `{ key, value }`;
 * - free JSON (`http.body`, `record.data`, `end.output`, `subworkflow.input`, `llm.schema`)
 *   becomes a string holding JSON text;
 * - `oneOf` becomes `anyOf`, `const` becomes a one-value `enum`;
 * - only the keywords in STRICT_KEYWORDS are kept (`minLength`, `maxLength`, `propertyNames`,
 *   `default` and `$schema` are dropped; zod still checks lengths after decoding).
 */
import { isSchema, resolveDef, type Shape, shapeOf } from './shape.js';
import type { JsonSchema } from './types.js';

/** Keywords the strict wire schema may contain. */
export const STRICT_KEYWORDS: ReadonlySet<string> = new Set([
  '$defs',
  '$ref',
  'additionalProperties',
  'anyOf',
  'description',
  'enum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'format',
  'items',
  'maximum',
  'maxItems',
  'minimum',
  'minItems',
  'multipleOf',
  'pattern',
  'properties',
  'required',
  'type',
]);

/** Keywords copied from a scalar schema as they are (`const` is rewritten, the rest dropped). */
const SCALAR_KEYWORDS = [
  'type',
  'description',
  'enum',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
] as const;

/** OpenAI strict mode knows these string formats; any other `format` is dropped. */
const STRICT_FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

export const JSON_TEXT_NOTE = 'Sent as a JSON-encoded string: the value written as JSON text inside a string';
export const ENTRIES_NOTE = 'A map written as a list of { key, value } entries; keys are unique';

/** Rewrites the standard document schema (with `$defs`) into the strict wire schema. */
export function toStrictSchema(standard: JsonSchema): JsonSchema {
  const defs = isSchema(standard.$defs) ? (standard.$defs as Record<string, JsonSchema>) : {};
  const { $defs: _defs, $schema: _schema, ...root } = standard;
  const strict = rewrite(root);
  const used = referencedDefs(strict, defs);
  if (used.length > 0) {
    strict.$defs = Object.fromEntries(used.map((name) => [name, rewrite(resolveDef(defs, name))]));
  }
  return strict;
}

function rewrite(schema: JsonSchema): JsonSchema {
  const shape = shapeOf(schema);
  const described = describe(schema.description);
  switch (shape.kind) {
    case 'json':
      return { type: 'string', ...describe(joinNotes(schema.description, JSON_TEXT_NOTE)) };
    case 'ref':
      // OpenAI strict refuses keywords next to `$ref`; zod puts none there for `Node`.
      return { $ref: schema.$ref };
    case 'union':
      return { ...described, anyOf: shape.branches.map(rewrite) };
    case 'object':
      return rewriteObject(shape, described);
    case 'record':
      return {
        type: 'array',
        ...describe(joinNotes(schema.description, ENTRIES_NOTE)),
        items: {
          type: 'object',
          properties: { key: rewrite({ type: 'string', ...shape.key }), value: rewrite(shape.value) },
          required: ['key', 'value'],
          additionalProperties: false,
        },
      };
    case 'array':
      return {
        type: 'array',
        ...described,
        items: rewrite(shape.items),
        ...pick(schema, ['minItems', 'maxItems']),
      };
    case 'scalar':
      return rewriteScalar(schema);
  }
}

function rewriteObject(shape: Extract<Shape, { kind: 'object' }>, described: JsonSchema): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(shape.properties).map(([key, property]) => {
      const rewritten = rewrite(property);
      return [key, shape.required.has(key) ? rewritten : nullable(rewritten)];
    }),
  );
  return {
    type: 'object',
    ...described,
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

function rewriteScalar(schema: JsonSchema): JsonSchema {
  const out = pick(schema, SCALAR_KEYWORDS);
  if ('const' in schema) out.enum = [schema.const];
  if (typeof out.format === 'string' && !STRICT_FORMATS.has(out.format)) delete out.format;
  return out;
}

/** `T` or null; the description moves to the outside so the model reads it first. */
function nullable(schema: JsonSchema): JsonSchema {
  const { description, ...rest } = schema;
  const branches = Array.isArray(rest.anyOf) && Object.keys(rest).length === 1 ? rest.anyOf : [rest];
  return { ...describe(description), anyOf: [...branches, { type: 'null' }] };
}

function referencedDefs(schema: JsonSchema, defs: Record<string, JsonSchema>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isSchema(value)) {
      const ref = value.$ref;
      if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
        const name = ref.slice('#/$defs/'.length);
        if (!found.has(name)) {
          found.add(name);
          visit(rewrite(resolveDef(defs, name)));
        }
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(schema);
  return [...found].sort();
}

function describe(description: unknown): JsonSchema {
  return typeof description === 'string' ? { description } : {};
}

function joinNotes(description: unknown, note: string): string {
  return typeof description === 'string' ? `${description}. ${note}` : note;
}

function pick(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  return Object.fromEntries(keys.filter((key) => key in schema).map((key) => [key, schema[key]]));
}
