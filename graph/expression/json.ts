/**
 * CEL values back to plain JSON, the only thing expressions hand to the rest of the system:
 * `int` becomes a number when it is exactly representable (a string otherwise), timestamps ISO
 * 8601 strings, durations strings such as "1h30m", bytes base64, maps objects. The size of the
 * result is bounded while converting, so a huge value is refused before it is copied.
 */
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import type { Json } from '../schema/common.js';
import { CelTypeValue } from './environment.js';
import { ExpressionEvaluationError, ExpressionLimitError } from './errors.js';

/** What is left of `EvaluationLimits.maxResultSize`, in characters of JSON text. */
export class ResultBudget {
  readonly limit: number;
  #remaining: number;

  constructor(limit: number) {
    this.limit = limit;
    this.#remaining = limit;
  }

  spend(characters: number): void {
    this.#remaining -= characters;
    if (this.#remaining < 0) {
      throw new ExpressionLimitError(
        'resultSize',
        `The result is larger than ${this.limit.toLocaleString('en')} characters of JSON. ` +
          'Select the fields you need (e.g. items.map(i, i.id)) instead of whole objects or lists.',
      );
    }
  }
}

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLISECOND = 1_000_000n;
const NANOS_PER_MINUTE = 60n * NANOS_PER_SECOND;
const NANOS_PER_HOUR = 60n * NANOS_PER_MINUTE;

/** `value / unit` in decimal, without trailing zeros: (1500, 1000) → "1.5". */
function decimal(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const fraction = value % unit;
  if (fraction === 0n) return `${whole}`;
  const digits = unit.toString().length - 1;
  return `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** A duration as CEL's `duration()` reads it back: "1h30m", "45s", "1.5s", "250ms", "-2h". */
export function formatDuration(duration: Duration): string {
  const total = duration.seconds * NANOS_PER_SECOND + BigInt(duration.nanos);
  if (total === 0n) return '0s';
  const sign = total < 0n ? '-' : '';
  let rest = total < 0n ? -total : total;
  if (rest < NANOS_PER_SECOND) return `${sign}${decimal(rest, NANOS_PER_MILLISECOND)}ms`;
  const hours = rest / NANOS_PER_HOUR;
  rest %= NANOS_PER_HOUR;
  const minutes = rest / NANOS_PER_MINUTE;
  rest %= NANOS_PER_MINUTE;
  const parts = [
    hours > 0n ? `${hours}h` : '',
    minutes > 0n ? `${minutes}m` : '',
    rest > 0n ? `${decimal(rest, NANOS_PER_SECOND)}s` : '',
  ];
  return sign + parts.join('');
}

function integerToJson(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

function doubleToJson(value: number): number {
  if (!Number.isFinite(value)) {
    throw new ExpressionEvaluationError(
      'not_json',
      `The expression produced ${value} (for example by dividing by zero), which is not a JSON number.`,
    );
  }
  return value === 0 ? 0 : value; // no -0 in JSON
}

function scalarToJson(value: unknown): Json | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return doubleToJson(value);
    case 'bigint':
      return integerToJson(value);
    case 'undefined':
      return null;
    default:
      if (value === null) return null;
      if (value instanceof Date) return value.toISOString();
      if (value instanceof Duration) return formatDuration(value);
      if (value instanceof UnsignedInt) return integerToJson(value.value);
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (value instanceof CelTypeValue) return value.name;
      return undefined;
  }
}

/** Sets `key` even when it is "__proto__", which plain assignment would treat as the prototype. */
export function setEntry(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function entriesOf(value: object): Iterable<[unknown, unknown]> | undefined {
  if (value instanceof Map) return value.entries();
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return Object.entries(value);
  return undefined;
}

function describeType(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}

/** Converts a CEL value to JSON, spending `budget` for the size of the JSON text. */
export function toJson(value: unknown, budget: ResultBudget): Json {
  const scalar = scalarToJson(value);
  if (scalar !== undefined) {
    budget.spend(typeof scalar === 'string' ? scalar.length + 2 : String(scalar).length);
    return scalar;
  }
  if (Array.isArray(value) || value instanceof Set) {
    const list: Json[] = [];
    for (const element of value) {
      budget.spend(1);
      list.push(toJson(element, budget));
    }
    return list;
  }
  const entries = typeof value === 'object' && value !== null ? entriesOf(value) : undefined;
  if (entries === undefined) {
    throw new ExpressionEvaluationError(
      'not_json',
      `The expression produced a ${describeType(value)}, which has no JSON form.`,
    );
  }
  const object: Record<string, Json> = {};
  for (const [key, element] of entries) {
    const name = String(key);
    budget.spend(name.length + 4);
    setEntry(object, name, toJson(element, budget));
  }
  return object;
}
