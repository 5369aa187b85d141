import { z } from 'zod';
import type { LlmProviderName, WireFormat } from './types.js';

/**
 * The default wire format of `generateObject`: the zod schema's JSON Schema, adapted per provider.
 * Anthropic's tool `input_schema` takes it as it is (minus `$schema`). OpenAI-style strict
 * structured output (OpenAI, Mistral, compatible servers) needs every property required and
 * `additionalProperties: false`, so optional properties become nullable; the decoder turns those
 * nulls back into absent properties when the value does not parse as sent.
 */

type JsonSchema = Record<string, unknown>;

/** A wire format for `schema`; `strict` tells whether strict structured output can be requested. */
export function defaultWireFormat(schema: z.ZodType, name = 'result'): WireFormat & { strict: boolean } {
  const standard = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  delete standard.$schema;
  const strict = strictJsonSchema(standard);
  return {
    name,
    strict: strict !== undefined,
    schemaFor(provider: LlmProviderName) {
      if (provider === 'anthropic') return structuredClone(standard);
      return structuredClone(strict ?? standard);
    },
    decode(_provider: LlmProviderName, value: unknown) {
      if (schema.safeParse(value).success) return value;
      return withoutNulls(value);
    },
  };
}

/**
 * The strict form of a schema, or undefined when it cannot have one (free-form objects such as
 * records, or a root that is not an object).
 */
export function strictJsonSchema(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type !== 'object') return undefined;
  try {
    return strictNode(schema) as JsonSchema;
  } catch {
    return undefined;
  }
}

class NotStrict extends Error {}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (node === null || typeof node !== 'object') return node;
  const source = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties' || key === '$defs' || key === 'definitions') {
      out[key] = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, sub]) => [name, strictNode(sub)]),
      );
    } else if (key === 'default' || key === 'minLength' || key === 'maxLength') {
      // Not in OpenAI's documented strict subset; zod still checks them on the way back.
    } else if (key === 'oneOf') {
      out.anyOf = strictNode(value);
    } else if (key === 'const') {
      out.enum = [value];
    } else {
      out[key] = strictNode(value);
    }
  }
  if (source.type === 'object') {
    const properties = (source.properties ?? {}) as JsonSchema;
    const additional = source.additionalProperties;
    if (additional !== undefined && additional !== false) throw new NotStrict();
    if (Object.keys(properties).length === 0) throw new NotStrict();
    const required = new Set((source.required as string[] | undefined) ?? []);
    const props = out.properties as JsonSchema;
    for (const name of Object.keys(properties)) {
      if (!required.has(name)) props[name] = { anyOf: [props[name], { type: 'null' }] };
    }
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

/** The value with null object properties removed, recursively (strict-mode optionals). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
