/**
 * Finds the zod schema that governs a place in the input, so that messages can list the fields
 * an object allows or quote the description of a missing field. Unions are resolved by their
 * discriminator against the input (a node's `type`), as zod itself does.
 */
import type { z } from 'zod';
import { isObject } from './model.js';

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** What the validator wants to know about the schema of one place. */
export interface SchemaInfo {
  schema: Schema;
  /** The first `.describe()` text met on the way to the core schema. */
  description: string | undefined;
  /** Object fields, when the place holds an object. */
  fields: string[] | undefined;
  /** Fields that are not optional, when the place holds an object. */
  requiredFields: string[] | undefined;
}

/** Unwraps optional/default/pipe/lazy and picks the union option that matches `value`. */
function resolve(schema: Schema, value: unknown): { schema: Schema; description: string | undefined } {
  let current = schema;
  let description = describedAs(current);
  for (let step = 0; step < 32; step++) {
    const def = defOf(current);
    let next: Schema | undefined;
    if (WRAPPERS.has(def.type)) next = def.innerType;
    else if (def.type === 'pipe') next = def.in;
    else if (def.type === 'lazy') next = def.getter?.();
    else if (def.type === 'union' && def.discriminator !== undefined) next = pickOption(def, value);
    if (next === undefined) break;
    current = next;
    description ??= describedAs(current);
  }
  return { schema: current, description };
}

function describedAs(schema: Schema): string | undefined {
  const description = (schema as { description?: unknown }).description;
  return typeof description === 'string' ? description : undefined;
}

function pickOption(def: Def, value: unknown): Schema | undefined {
  if (!isObject(value) || def.discriminator === undefined) return undefined;
  const tag = value[def.discriminator];
  return def.options?.find((option) => {
    const field = defOf(option).shape?.[def.discriminator!];
    return field !== undefined && (defOf(field).values ?? []).includes(tag);
  });
}

function child(schema: Schema, value: unknown, key: string | number): Schema | undefined {
  const def = defOf(resolve(schema, value).schema);
  if (def.type === 'object') {
    const shape = def.shape ?? {};
    return Object.hasOwn(shape, key) ? shape[String(key)] : undefined;
  }
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/**
 * The schema at `path` under `root`, reading `input` alongside to resolve unions; undefined when
 * the path leaves the schema (an unknown field, or inside free-form JSON).
 */
export function schemaAt(root: Schema, input: unknown, path: readonly PropertyKey[]): SchemaInfo | undefined {
  let schema: Schema | undefined = root;
  let value: unknown = input;
  for (const key of path) {
    if (typeof key === 'symbol' || schema === undefined) return undefined;
    schema = child(schema, value, key);
    value = ownValue(value, key);
  }
  if (schema === undefined) return undefined;
  const resolved = resolve(schema, value);
  const def = defOf(resolved.schema);
  const shape = def.type === 'object' ? (def.shape ?? {}) : undefined;
  return {
    schema: resolved.schema,
    description: resolved.description,
    fields: shape === undefined ? undefined : Object.keys(shape),
    requiredFields:
      shape === undefined
        ? undefined
        : Object.entries(shape)
            .filter(([, field]) => !isOptional(field))
            .map(([name]) => name),
  };
}

function isOptional(schema: Schema): boolean {
  return (schema._zod as { optin?: string }).optin === 'optional';
}

/** The allowed values of an enum or literal schema. */
export function allowedValues(schema: Schema): unknown[] | undefined {
  const def = defOf(schema);
  if (def.type === 'enum') return Object.values(def.entries ?? {});
  if (def.type === 'literal') return def.values;
  return undefined;
}

/** The value at `path` inside `input`, or undefined. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = ownValue(value, key);
  return value;
}

function ownValue(container: unknown, key: PropertyKey): unknown {
  if (typeof key === 'symbol' || !(isObject(container) || Array.isArray(container))) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

/** The discriminator and its values, when the schema is a discriminated union. */
export function discriminatorValues(schema: Schema): { key: string; values: string[] } | undefined {
  const def = defOf(schema);
  if (def.type !== 'union' || def.discriminator === undefined) return undefined;
  const key = def.discriminator;
  const values = (def.options ?? []).flatMap((option) => {
    const field = defOf(option).shape?.[key];
    return field === undefined ? [] : (defOf(field).values ?? []).map(String);
  });
  return { key, values };
}
