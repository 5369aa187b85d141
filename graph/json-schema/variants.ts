/**
 * The JSON Schema of a workflow document in the forms LLM providers accept for structured output,
 * all generated from the zod schema (`standard.ts`), and the codec between each wire form and the
 * document. What each provider accepts (as documented in late 2025):
 *
 * **standard** — draft 2020-12 exactly as zod generates it: `$schema`, `oneOf` for the node and
 * trigger unions, `propertyNames`, lengths, patterns, recursive `$ref: "#/$defs/Node"` for nested
 * graphs and `#/$defs/Json` for free JSON. For documentation, validators and tools; the wire form
 * is the document itself.
 *
 * **openai-strict** — `response_format: { type: "json_schema", json_schema: { name, strict: true,
 * schema } }` (or a function with `strict: true`). Constrained decoding over a subset of JSON
 * Schema: the root must be an object (not `anyOf`); every object needs `additionalProperties:
 * false` and every property listed in `required` (optional ⇒ `anyOf: [T, {type: "null"}]`); no
 * free-form objects, so maps become `{ key, value }` lists and free JSON a JSON-encoded string;
 * `anyOf` yes, `oneOf`/`allOf`/`not`/`if`/`propertyNames`/`patternProperties` no; `$defs` with
 * recursive `$ref` yes (we keep `#/$defs/Node` rather than root recursion `#`). Kept keywords:
 * `pattern`, `format` (date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid),
 * `minimum`/`maximum`/`exclusive*`/`multipleOf`, `minItems`/`maxItems`, `enum`, `description`.
 * Dropped: `minLength`/`maxLength` (not in the documented subset), `default`, `$schema`; `const`
 * becomes a one-value `enum`. Limits: 5,000 properties in all, 10 levels of nesting, 1,000 enum
 * values, 120,000 characters of names and enum values — the test checks ours stay far below.
 *
 * **anthropic** — tool use: `tools: [{ name, input_schema }]` with `tool_choice: { type: "tool",
 * name }`; the answer is the tool call's `input`. `input_schema` must have an object root and may
 * not put `oneOf`/`anyOf`/`allOf` at the top level; below that, standard JSON Schema including
 * recursive `$ref` is accepted but not enforced token by token, so the zod parse and the validator
 * remain the gate. We send the standard schema without `$schema` and with `anyOf` for the unions
 * (equivalent here: the branches are disjoint by `type`). Anthropic's strict modes (`strict: true`
 * tools, `output_format` JSON outputs) are not usable for documents: they reject recursive schemas
 * (nested graphs are recursive), numeric bounds, length bounds and `minItems` above 1.
 *
 * **mistral** — `response_format: { type: "json_schema", json_schema: { name, schema, strict:
 * true } }`. Mistral documents no keyword list; it prepends the schema to the system prompt and
 * its SDK helpers emit the same shape as OpenAI strict (all properties required, nullable
 * optionals, `additionalProperties: false`, `$defs`). We send the strict wire schema, the
 * conservative subset both accept; size matters doubly since it is also prompt text.
 */
import type { WorkflowDocument } from '../schema/document.js';
import { decodeOutput, encodeDocument, type WireForm } from './codec.js';
import { isSchema } from './shape.js';
import { standardJsonSchema } from './standard.js';
import { toStrictSchema } from './strict.js';
import type { JsonSchema } from './types.js';

export const LLM_SCHEMA_VARIANTS = ['standard', 'openai-strict', 'anthropic', 'mistral'] as const;

export type LlmSchemaVariant = (typeof LLM_SCHEMA_VARIANTS)[number];

interface VariantSpec {
  /** How values travel: the document itself, or the strict encoding of `strict.ts`. */
  wire: WireForm;
  build(standard: JsonSchema): JsonSchema;
}

const VARIANTS: Record<LlmSchemaVariant, VariantSpec> = {
  standard: { wire: 'plain', build: (standard) => standard },
  'openai-strict': { wire: 'strict', build: toStrictSchema },
  anthropic: { wire: 'plain', build: toToolInputSchema },
  mistral: { wire: 'strict', build: toStrictSchema },
};

const built = new Map<LlmSchemaVariant, JsonSchema>();

/** The document's JSON Schema for a provider; a fresh copy the caller may change. */
export function jsonSchemaFor(variant: LlmSchemaVariant): JsonSchema {
  let schema = built.get(variant);
  if (schema === undefined) {
    schema = VARIANTS[variant].build(standardJsonSchema());
    built.set(variant, schema);
  }
  return structuredClone(schema);
}

/** Whether the variant's wire form differs from the document (nulls, entry lists, JSON text). */
export function wireFormOf(variant: LlmSchemaVariant): WireForm {
  return VARIANTS[variant].wire;
}

/**
 * A document in the variant's wire form: what a model following `jsonSchemaFor(variant)` writes.
 * Use it to show the model an existing document it should edit.
 */
export function encodeForLlm(variant: LlmSchemaVariant, document: WorkflowDocument): unknown {
  return encodeDocument(VARIANTS[variant].wire, standardJsonSchema(), document);
}

/**
 * A model's structured output turned back into a document-shaped value: nulls of absent optionals
 * removed, `{ key, value }` lists back to maps, JSON text parsed. Not validated: parse the result
 * with `WorkflowDocument` and run the validator. Throws `LlmOutputDecodeError` when a JSON text or
 * an entry list cannot be decoded.
 */
export function decodeLlmOutput(variant: LlmSchemaVariant, value: unknown): unknown {
  return decodeOutput(VARIANTS[variant].wire, standardJsonSchema(), value);
}

/** Anthropic `input_schema`: the standard schema, no `$schema`, `anyOf` for unions. */
function toToolInputSchema(standard: JsonSchema): JsonSchema {
  const { $schema: _schema, ...rest } = standard;
  return renameOneOf(rest) as JsonSchema;
}

/** Keywords whose values are data, not schemas: left as they are. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

function renameOneOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(renameOneOf);
  if (!isSchema(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, item]) => {
      if (DATA_KEYWORDS.has(key)) return [key, item];
      // Keys of these maps are property and definition names, not keywords.
      if ((key === 'properties' || key === '$defs') && isSchema(item)) {
        return [key, Object.fromEntries(Object.entries(item).map(([name, sub]) => [name, renameOneOf(sub)]))];
      }
      return [key === 'oneOf' ? 'anyOf' : key, renameOneOf(item)];
    }),
  );
}
