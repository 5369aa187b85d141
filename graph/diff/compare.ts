/**
 * Deep comparison of JSON values into field changes. Objects are compared key by key in sorted
 * order (key order in JSON means nothing); arrays of objects item by item; arrays of plain values
 * (approvers, statuses) as a whole, which reads better than index by index.
 */
import { escapePointer } from '../nodes/spec.js';
import type { Json } from '../schema/common.js';
import type { FieldChange } from './types.js';

type JsonObject = { [key: string]: Json };

export function compareJson(before: Json | undefined, after: Json | undefined, pointer = ''): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => compareJson(before[key], after[key], `${pointer}/${escapePointer(key)}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && (hasObjects(before) || hasObjects(after))) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => compareJson(before[i], after[i], `${pointer}/${i}`)).flat();
  }
  return [change(pointer, before, after)];
}

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    return (
      keys.length === Object.keys(b).filter((key) => b[key] !== undefined).length &&
      keys.every((key) => jsonEqual(a[key], b[key]))
    );
  }
  return false;
}

function change(pointer: string, before: Json | undefined, after: Json | undefined): FieldChange {
  return {
    pointer,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasObjects(values: Json[]): boolean {
  return values.some((value) => value !== null && typeof value === 'object');
}
