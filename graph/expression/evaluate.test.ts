import { describe, expect, it } from 'vitest';
import { ExpressionEvaluationError, evaluateExpression, parseExpression } from './index.js';

const context = {
  trigger: {
    amount: 7500,
    price: 7500.5,
    name: 'Ann Lee',
    tags: ['urgent', 'finance'],
    lines: [
      { sku: 'a', qty: 2, price: 2.5 },
      { sku: 'b', qty: 1, price: 10 },
    ],
    nested: { empty: {} },
  },
  steps: { fetch: { status: 200, body: { total: 3 } } },
  vars: { limit: 5000 },
  index: 3,
};

const evaluate = (source: string, options = {}) => evaluateExpression(source, context, options);

function failure(source: string): ExpressionEvaluationError {
  try {
    evaluate(source);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('evaluateExpression: numbers', () => {
  it('compares JSON numbers with integer literals, whole or not', () => {
    expect(evaluate('trigger.amount > 5000')).toBe(true);
    expect(evaluate('trigger.price > 5000')).toBe(true);
    expect(evaluate('trigger.amount == 7500')).toBe(true);
    expect(evaluate('trigger.amount != 7500')).toBe(false);
    expect(evaluate('trigger.amount in [100, 7500]')).toBe(true);
  });

  it('mixes integer literals and JSON numbers in arithmetic', () => {
    expect(evaluate('trigger.amount + 1')).toBe(7501);
    expect(evaluate('trigger.amount * 2 - vars.limit')).toBe(10000);
    expect(evaluate('trigger.amount / 2')).toBe(3750);
    expect(evaluate('(trigger.amount + 1) / 2')).toBe(3750.5);
    expect(evaluate('trigger.price * 1.1 > 8000')).toBe(true);
    expect(evaluate('trigger.lines.map(l, l.qty * l.price)')).toEqual([5, 10]);
  });

  it('supports % on JSON numbers, such as a loop index', () => {
    expect(evaluate('index % 2 == 1')).toBe(true);
    expect(failure('index % 0').reason).toBe('arithmetic');
  });

  it('keeps CEL integer arithmetic between integer literals', () => {
    expect(evaluate('7 / 2')).toBe(3);
    expect(evaluate('1 + 2 * 3')).toBe(7);
  });

  it('returns integers beyond 2^53 as strings rather than rounding them', () => {
    expect(evaluate('9007199254740993')).toBe('9007199254740993');
    expect(evaluate('9007199254740991')).toBe(9007199254740991);
  });

  it('reports integer overflow and division by zero', () => {
    expect(failure('9223372036854775807 + 1').reason).toBe('arithmetic');
    expect(failure('1 / 0').reason).toBe('arithmetic');
  });

  it('refuses results JSON cannot hold, such as Infinity', () => {
    expect(failure('trigger.amount / 0.0').reason).toBe('not_json');
  });
});

describe('evaluateExpression: results', () => {
  it('returns plain JSON for lists and maps', () => {
    expect(evaluate('{"who": trigger.name, "n": size(trigger.tags), "ok": true, "none": null}')).toEqual({
      who: 'Ann Lee',
      n: 2,
      ok: true,
      none: null,
    });
    expect(evaluate('trigger.lines.filter(l, l.qty > 1)')).toEqual([{ sku: 'a', qty: 2, price: 2.5 }]);
  });

  it('turns maps with non-string keys into objects', () => {
    expect(evaluate('{1: "one", true: "yes"}')).toEqual({ 1: 'one', true: 'yes' });
  });

  it('returns timestamps as ISO 8601 and durations as duration strings', () => {
    expect(evaluate('timestamp("2024-03-01T10:00:00Z") + duration("90m")')).toBe('2024-03-01T11:30:00.000Z');
    expect(evaluate('duration("90m")')).toBe('1h30m');
    expect(evaluate('duration("1.5s")')).toBe('1.5s');
    expect(evaluate('duration("250ms")')).toBe('250ms');
    expect(evaluate('timestamp("2024-03-01T10:00:00Z") - timestamp("2024-03-01T08:00:00Z")')).toBe('2h');
  });

  it('returns bytes as base64 and types by name', () => {
    expect(evaluate('b"hi"')).toBe('aGk=');
    expect(evaluate('type(trigger.tags)')).toBe('list');
  });

  it('accepts a compiled expression and reuses it', () => {
    const parsed = parseExpression('item.qty * 2');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(evaluateExpression(parsed.expression, { item: { qty: 2 } })).toBe(4);
    expect(evaluateExpression(parsed.expression, { item: { qty: 5 } })).toBe(10);
  });

  it('treats an invalid clock or limit as a bug of the caller', () => {
    expect(() => evaluate('1', { now: new Date('nonsense') })).toThrow(TypeError);
    expect(() => evaluate('1', { limits: { maxWork: 0 } })).toThrow(TypeError);
  });

  it('refuses compiled expressions it did not make', () => {
    expect(() => evaluateExpression({ source: '1', analysis: {} } as never, {})).toThrow(TypeError);
  });
});

describe('evaluateExpression: missing data', () => {
  it('tests for a field with has()', () => {
    expect(evaluate('has(trigger.missing)')).toBe(false);
    expect(evaluate('has(trigger.name)')).toBe(true);
    expect(evaluate('has(trigger.nested.empty.x) ? 1 : 2')).toBe(2);
  });

  it('names the missing field, where it was looked for and how to test for it', () => {
    const error = failure('trigger.amount > 10 && trigger.approver.email == "a@b.c"');
    expect(error.reason).toBe('missing_field');
    expect(error.code).toBe('expression.evaluation');
    expect(error.position).toBe(23);
    expect(error.message).toContain('trigger.approver does not exist: trigger has no field "approver"');
    expect(error.message).toContain('has(trigger.approver)');
  });

  it('names a missing map entry read with brackets', () => {
    const error = failure('steps["fetch"].body["count"]');
    expect(error.reason).toBe('missing_field');
    expect(error.message).toContain('steps["fetch"].body has no entry "count"');
  });

  it('reports an index out of range', () => {
    expect(failure('trigger.tags[5]').reason).toBe('missing_field');
  });

  it('names an unknown variable and what the context has', () => {
    const error = failure('item.qty > 1');
    expect(error.reason).toBe('unknown_variable');
    expect(error.message).toBe('"item" is not available here; the context has: index, steps, trigger, vars.');
  });

  it('explains a type mismatch found only with data', () => {
    const error = failure('trigger.name + 1');
    expect(error.reason).toBe('wrong_type');
    expect(error.message).toContain('string(), int() or double()');
  });
});

describe('evaluateExpression: functions', () => {
  it('returns the time the caller passes from now()', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    expect(evaluate('now()', { now })).toBe('2024-05-01T12:00:00.000Z');
    expect(evaluate('now() - duration("1h") > timestamp("2024-05-01T10:00:00Z")', { now })).toBe(true);
  });

  it('fails now() without a clock instead of reading the host clock', () => {
    expect(failure('now()').reason).toBe('no_clock');
  });

  it('reads Unix seconds from JSON numbers with timestamp()', () => {
    expect(evaluateExpression('timestamp(t)', { t: 1_700_000_000 })).toBe('2023-11-14T22:13:20.000Z');
  });

  it('has lower(), upper(), trim(), join(), split() and the string tests', () => {
    expect(evaluate('trigger.name.lower()')).toBe('ann lee');
    expect(evaluate('"émile".upper()')).toBe('ÉMILE');
    expect(evaluate('"  x ".trim()')).toBe('x');
    expect(evaluate('trigger.tags.join(", ")')).toBe('urgent, finance');
    expect(evaluate('"a,b".split(",")')).toEqual(['a', 'b']);
    expect(evaluate('trigger.name.startsWith("Ann") && trigger.name.contains("Lee")')).toBe(true);
  });

  it('has the comprehension macros and cel.bind', () => {
    expect(evaluate('trigger.tags.exists(t, t == "urgent")')).toBe(true);
    expect(evaluate('trigger.lines.all(l, l.qty > 0)')).toBe(true);
    expect(evaluate('trigger.lines.exists_one(l, l.sku == "b")')).toBe(true);
    expect(evaluate('cel.bind(n, size(trigger.lines), n * 10)')).toBe(20);
  });
});
