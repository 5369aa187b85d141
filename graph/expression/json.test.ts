import { describe, expect, it } from 'vitest';
import { ExpressionLimitError, evaluateExpression } from './index.js';

describe('results as JSON', () => {
  it('refuses a result larger than 1 MiB of JSON before copying it', () => {
    const l = Array.from({ length: 2_000 }, (_, i) => i);
    expect(() => evaluateExpression('l.map(x, l)', { l })).toThrow(
      expect.objectContaining({ code: 'expression.limit', limit: 'resultSize' }),
    );
  });

  it('counts strings in the result size', () => {
    const s = 'x'.repeat(600_000);
    expect(() => evaluateExpression('s + s', { s })).toThrow(ExpressionLimitError);
    expect(evaluateExpression('s + s', { s }, { limits: { maxResultSize: 2_000_000 } })).toHaveLength(
      1_200_000,
    );
  });

  it('follows maxResultSize from the options', () => {
    expect(() => evaluateExpression('"abcdef"', {}, { limits: { maxResultSize: 5 } })).toThrow(
      expect.objectContaining({ limit: 'resultSize' }),
    );
  });

  it('returns negative durations and sub-second durations readably', () => {
    expect(evaluateExpression('duration("-2h")', {})).toBe('-2h');
    expect(evaluateExpression('duration("1h0m5s")', {})).toBe('1h5s');
    expect(evaluateExpression('duration("0s")', {})).toBe('0s');
    expect(evaluateExpression('duration("1.25ms")', {})).toBe('1.25ms');
  });

  it('gives no -0, which JSON cannot tell apart', () => {
    expect(Object.is(evaluateExpression('-0.0', {}), 0)).toBe(true);
  });

  it('turns a value with no JSON form into an evaluation error', () => {
    expect(() => evaluateExpression('f', { f: () => 1 })).toThrow(
      expect.objectContaining({ code: 'expression.evaluation', reason: 'not_json' }),
    );
  });
});
