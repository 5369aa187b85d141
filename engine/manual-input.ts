/** Checks manual-run inputs against the trigger's declared `inputs` (GRAPH.md "Triggers"). */
import type { Json, ManualInput } from '../graph/index.js';

export type ManualInputCheck =
  | { ok: true; value: Json }
  | { ok: false; problems: { key: string; message: string }[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateManualInput(inputs: readonly ManualInput[], value: Json): ManualInputCheck {
  if (inputs.length === 0) return { ok: true, value: value ?? {} };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (value === null && inputs.every((i) => !i.required)) return { ok: true, value: {} };
    return { ok: false, problems: [{ key: '', message: 'must be an object of the declared inputs' }] };
  }
  const problems: { key: string; message: string }[] = [];
  const declared = new Set(inputs.map((i) => i.key));
  for (const key of Object.keys(value)) {
    if (!declared.has(key))
      problems.push({ key, message: `is not a declared input (declared: ${[...declared].join(', ')})` });
  }
  for (const input of inputs) {
    const given = value[input.key];
    if (given === undefined || given === null || given === '') {
      if (input.required) problems.push({ key: input.key, message: 'is required' });
      continue;
    }
    const problem = checkType(input.type, given);
    if (problem !== null) problems.push({ key: input.key, message: problem });
  }
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

function checkType(type: ManualInput['type'], value: Json): string | null {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be a date such as 2025-03-31';
    case 'email':
      return typeof value === 'string' && EMAIL.test(value) ? null : 'must be an email address';
    default:
      return typeof value === 'string' ? null : 'must be text';
  }
}
