/**
 * Validation of submitted form values against the form's fields: text, number, boolean, date
 * (ISO `yyyy-mm-dd`), select (one of the options), required. Values from web forms and chat
 * arrive as strings too, so `"42"`, `"true"` are accepted for numbers and booleans.
 */
import type { Json } from '../../graph/index.js';
import type { TaskFormField } from './api.js';

export interface FieldProblem {
  key: string;
  message: string;
}

const MAX_TEXT = 10_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The typed values, or every problem found. Empty optional fields are left out. */
export function validateFormValues(
  fields: TaskFormField[],
  values: Record<string, Json>,
): { values: Record<string, Json> } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const typed: Record<string, Json> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key))
      problems.push({ key, message: `is not a field of this form (fields: ${[...known].join(', ')})` });
  }
  for (const field of fields) {
    const raw = values[field.key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (field.required) problems.push({ key: field.key, message: `${field.label} is required` });
      continue;
    }
    const result = typedValue(field, raw);
    if ('message' in result) problems.push({ key: field.key, message: result.message });
    else typed[field.key] = result.value;
  }
  return problems.length > 0 ? { problems } : { values: typed };
}

function typedValue(field: TaskFormField, raw: Json): { value: Json } | { message: string } {
  switch (field.type) {
    case 'text':
      if (typeof raw !== 'string') return { message: 'must be text' };
      return raw.length > MAX_TEXT ? { message: `must be at most ${MAX_TEXT} characters` } : { value: raw };
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : { message: `must be a number, not ${JSON.stringify(raw)}` };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { message: 'must be true or false' };
    case 'date':
      return typeof raw === 'string' && isDate(raw)
        ? { value: raw }
        : { message: `must be a date as yyyy-mm-dd, not ${JSON.stringify(raw)}` };
    case 'select':
      return typeof raw === 'string' && (field.options ?? []).includes(raw)
        ? { value: raw }
        : { message: `must be one of ${(field.options ?? []).map((o) => JSON.stringify(o)).join(', ')}` };
  }
}

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
