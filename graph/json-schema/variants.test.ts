import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import '../registry.js';
import { DEF_NAMES, type JsonSchema, jsonSchemaFor, LLM_SCHEMA_VARIANTS, STRICT_KEYWORDS } from './index.js';
import { isSchema } from './shape.js';

/** Every subschema with the path to it; `properties` and `$defs` keys are names, not keywords. */
function subschemas(schema: JsonSchema, path = '#'): Array<{ path: string; schema: JsonSchema }> {
  const found = [{ path, schema }];
  for (const [keyword, value] of Object.entries(schema)) {
    if ((keyword === 'properties' || keyword === '$defs') && isSchema(value)) {
      for (const [name, sub] of Object.entries(value)) {
        if (isSchema(sub)) found.push(...subschemas(sub, `${path}/${keyword}/${name}`));
      }
    } else if ((keyword === 'anyOf' || keyword === 'oneOf') && Array.isArray(value)) {
      value.forEach((sub, i) => {
        if (isSchema(sub)) found.push(...subschemas(sub, `${path}/${keyword}/${i}`));
      });
    } else if (
      (keyword === 'items' || keyword === 'additionalProperties' || keyword === 'propertyNames') &&
      isSchema(value)
    ) {
      found.push(...subschemas(value, `${path}/${keyword}`));
    }
  }
  return found;
}

/** Object nesting depth below a schema, not following `$ref` (recursion restarts at a definition). */
function nesting(schema: JsonSchema): number {
  const children = [
    ...(isSchema(schema.properties) ? Object.values(schema.properties) : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...(isSchema(schema.items) ? [schema.items] : []),
  ].filter(isSchema);
  const below = Math.max(0, ...children.map(nesting));
  return schema.type === 'object' ? below + 1 : below;
}

function compiles(schema: JsonSchema): void {
  new Ajv2020({ strict: true, allErrors: true }).compile(schema);
}

describe('jsonSchemaFor', () => {
  it.each(LLM_SCHEMA_VARIANTS)('%s is a valid JSON Schema with an object root', (variant) => {
    const schema = jsonSchemaFor(variant);
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('anyOf');
    expect(schema).not.toHaveProperty('oneOf');
    expect(() => compiles(schema)).not.toThrow();
  });

  it('standard is zod output with named recursive definitions', () => {
    const schema = jsonSchemaFor('standard');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs as object).sort()).toEqual([DEF_NAMES.json, DEF_NAMES.node].sort());
    expect((schema.properties as Record<string, JsonSchema>).nodes).toMatchObject({
      items: { $ref: `#/$defs/${DEF_NAMES.node}` },
    });
  });

  it('returns a copy the caller may change', () => {
    const first = jsonSchemaFor('openai-strict');
    first.type = 'changed';
    expect(jsonSchemaFor('openai-strict').type).toBe('object');
  });

  it.each(['openai-strict', 'mistral'] as const)('%s follows the strict subset', (variant) => {
    const schema = jsonSchemaFor(variant);
    for (const { path, schema: sub } of subschemas(schema)) {
      for (const keyword of Object.keys(sub))
        expect(STRICT_KEYWORDS.has(keyword), `${path}: ${keyword}`).toBe(true);
      if (sub.type === 'object') {
        expect(sub.additionalProperties, path).toBe(false);
        expect(isSchema(sub.properties), `${path}: free-form object`).toBe(true);
        expect(sub.required, path).toEqual(Object.keys(sub.properties as object));
      }
      if (typeof sub.$ref === 'string') {
        expect(sub.$ref, path).toMatch(/^#\/\$defs\//);
        expect(Object.keys(sub), `${path}: $ref with siblings`).toEqual(['$ref']);
      }
    }
    expect(Object.keys(schema.$defs as object)).toEqual([DEF_NAMES.node]);
  });

  it.each(['openai-strict', 'mistral'] as const)('%s stays within the documented size limits', (variant) => {
    const schema = jsonSchemaFor(variant);
    const all = subschemas(schema).map((s) => s.schema);
    const properties = all.reduce(
      (n, s) => n + (isSchema(s.properties) ? Object.keys(s.properties).length : 0),
      0,
    );
    const enumValues = all.reduce((n, s) => n + (Array.isArray(s.enum) ? s.enum.length : 0), 0);
    const names = all.reduce(
      (n, s) =>
        n +
        (isSchema(s.properties) ? Object.keys(s.properties).join('').length : 0) +
        (Array.isArray(s.enum) ? s.enum.map(String).join('').length : 0),
      Object.keys(schema.$defs as object).join('').length,
    );
    const depth = Math.max(nesting(schema), ...Object.values(schema.$defs as object).map(nesting));
    expect(properties).toBeLessThan(5000);
    expect(enumValues).toBeLessThan(1000);
    expect(names).toBeLessThan(120_000);
    expect(depth).toBeLessThanOrEqual(10);
  });

  it('anthropic is the standard schema with anyOf unions and no $schema', () => {
    const schema = jsonSchemaFor('anthropic');
    expect(schema).not.toHaveProperty('$schema');
    expect(JSON.stringify(schema)).not.toContain('"oneOf"');
    const { $schema: _schema, ...standard } = jsonSchemaFor('standard');
    expect(JSON.stringify(schema)).toBe(JSON.stringify(standard).replaceAll('"oneOf"', '"anyOf"'));
  });

  it('keeps a stable size', () => {
    const sizes = Object.fromEntries(
      LLM_SCHEMA_VARIANTS.map((variant) => [
        variant,
        Buffer.byteLength(JSON.stringify(jsonSchemaFor(variant))),
      ]),
    );
    console.log('JSON Schema bytes per variant (compact JSON):', sizes);
    // Budgets, not exact sizes: a jump means a schema change doubled what every planner call sends.
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(48_000);
  });
});
