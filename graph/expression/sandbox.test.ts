import { describe, expect, it } from 'vitest';
import { ExpressionEvaluationError, evaluateExpression, parseExpression } from './index.js';

const context = { trigger: { name: 'Ann', tags: ['a'] } };

function refusedAtRunTime(source: string, ctx: Record<string, unknown> = context): ExpressionEvaluationError {
  try {
    const value = evaluateExpression(source, ctx);
    throw new Error(`${source} gave ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return error;
    throw error;
  }
}

describe('sandbox', () => {
  it('does not reach JavaScript internals through field access', () => {
    for (const source of [
      'trigger.constructor',
      'trigger["constructor"]',
      'trigger.__proto__',
      'trigger["__proto__"]',
      'trigger.toString',
      'trigger.hasOwnProperty',
      'trigger.name.length',
      'trigger.tags.constructor',
      '{}.constructor',
      'dyn(trigger).valueOf',
    ]) {
      expect(refusedAtRunTime(source).reason, source).toMatch(/missing_field|wrong_type/);
    }
  });

  it('cannot call methods of JavaScript objects', () => {
    for (const source of [
      'trigger.constructor("return process")',
      'trigger.name.constructor.constructor("return process")()',
      'trigger.toString()',
      'trigger.name.replaceAll("A", "B")',
    ]) {
      expect(parseExpression(source).ok, source).toBe(false);
    }
  });

  it('has no names for the host', () => {
    for (const name of ['process', 'globalThis', 'require', 'module', 'Function', 'this', 'window', 'Date']) {
      expect(refusedAtRunTime(`${name}.x`).reason, name).toBe('unknown_variable');
    }
    expect(parseExpression('__proto__').ok).toBe(false);
    expect(parseExpression('prototype').ok).toBe(false);
  });

  it('cannot pollute Object.prototype with a map literal', () => {
    expect(evaluateExpression('{"__proto__": {"polluted": true}, "a": 1}', {})).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats an own "__proto__" key of JSON data as data, also in results', () => {
    const data = JSON.parse('{"__proto__": {"admin": true}}');
    const result = evaluateExpression('data', { data }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect((result as { admin?: boolean }).admin).toBeUndefined();
    expect(evaluateExpression('data["__proto__"].admin', { data })).toBe(true);
  });

  it('does not call functions or read class instances found in the context', () => {
    let called = false;
    const f = () => {
      called = true;
      return 1;
    };
    expect(parseExpression('f()').ok).toBe(false);
    expect(refusedAtRunTime('f', { f }).reason).toBe('not_json');
    expect(refusedAtRunTime('f.call', { f }).reason).toBe('not_json');
    expect(called).toBe(false);
    expect(refusedAtRunTime('u.hostname', { u: new URL('https://example.com') }).reason).toBe('not_json');
  });

  it('refuses long duration texts, which cel-js would parse in cubic time', () => {
    const started = performance.now();
    const error = refusedAtRunTime('duration(trigger.wait)', { trigger: { wait: `${'1'.repeat(10_000)}x` } });
    expect(error.reason).toBe('invalid_argument');
    expect(error.message).toContain('short text');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(evaluateExpression('duration(trigger.wait)', { trigger: { wait: '1h30m' } })).toBe('1h30m');
  });
});
