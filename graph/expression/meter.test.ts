import { describe, expect, it } from 'vitest';
import { ExpressionLimitError, evaluateExpression, parseExpression } from './index.js';

const numbers = (count: number) => Array.from({ length: count }, (_, i) => i);

/** Elements whose `v` counts how often expressions read it: a deterministic measure of work done. */
function countingList(count: number): { list: Array<{ readonly v: number }>; reads: () => number } {
  let reads = 0;
  const list = Array.from({ length: count }, (_, i) => ({
    get v() {
      reads += 1;
      return i;
    },
  }));
  return { list, reads: () => reads };
}

function limitError(run: () => unknown): ExpressionLimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionLimitError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionLimitError');
}

describe('work budget', () => {
  it('stops triple-nested macros over 10,000 elements after at most maxWork steps', () => {
    const { list, reads } = countingList(10_000);
    const started = performance.now();
    const error = limitError(() =>
      evaluateExpression('l.exists(x, l.exists(y, l.exists(z, x.v + y.v + z.v < 0)))', { l: list }),
    );
    expect(error.limit).toBe('work');
    expect(error.code).toBe('expression.limit');
    expect(error.message).toContain('1,000,000 units of work');
    // 10^12 innermost iterations unbounded; the budget allows about one per 5 units.
    expect(reads()).toBeLessThan(1_000_000 / 3);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('stops nested map over the same list, pointing at the macro that ran out', () => {
    const error = limitError(() =>
      evaluateExpression('l.map(x, l.map(y, l.map(z, x + y + z)))', { l: numbers(10_000) }),
    );
    expect(error.limit).toBe('work');
    expect(error.position).toBeGreaterThan(0);
  });

  it('follows maxWork from the options', () => {
    const { list, reads } = countingList(100);
    const source = 'l.map(x, l.map(y, x.v + y.v)).size()';
    expect(evaluateExpression(source, { l: list })).toBe(100);
    const afterDefault = reads();
    expect(afterDefault).toBe(2 * 100 * 100);
    limitError(() => evaluateExpression(source, { l: list }, { limits: { maxWork: 5_000 } }));
    expect(reads() - afterDefault).toBeLessThan(5_000);
  });

  it('stops strings doubled with cel.bind before they fill memory', () => {
    const names = 'abcdefghijklm'.split('');
    let doublings = names.at(-1)!;
    for (let i = names.length - 1; i >= 0; i--) {
      const previous = i === 0 ? 's' : names[i - 1];
      doublings = `cel.bind(${names[i]}, ${previous} + ${previous}, ${doublings})`;
    }
    const error = limitError(() => evaluateExpression(doublings, { s: 'x'.repeat(10_000) }));
    expect(error.limit).toBe('work');
  });

  it('stops lists doubled with cel.bind', () => {
    const error = limitError(() =>
      evaluateExpression(
        'cel.bind(a, l + l, cel.bind(b, a + a, cel.bind(c, b + b, cel.bind(d, c + c, cel.bind(e, d + d, e + e)))))',
        { l: numbers(100_000) },
      ),
    );
    expect(error.limit).toBe('work');
  });

  it('charges deep equality and membership for the size of what they compare', () => {
    const big = numbers(50_000).map((id) => ({ id, tags: ['a', 'b'] }));
    expect(limitError(() => evaluateExpression('big.all(x, big == big)', { big })).limit).toBe('work');
    expect(limitError(() => evaluateExpression('l.all(x, x in l)', { l: numbers(50_000) })).limit).toBe(
      'work',
    );
  });

  it('does not let ||, exists or all swallow a spent budget', () => {
    const l = numbers(5_000);
    expect(
      limitError(() => evaluateExpression('l.exists(x, l.exists(y, x + y < 0)) || true', { l })).limit,
    ).toBe('work');
    expect(limitError(() => evaluateExpression('!l.all(x, l.all(y, x + y >= 0))', { l })).limit).toBe('work');
  });

  it('allows linear work over large data', () => {
    const big = numbers(20_000).map((id) => ({ id, name: `n${id}` }));
    expect(evaluateExpression('big.filter(x, x.id % 2 == 0).map(x, x.name).size()', { big })).toBe(10_000);
  });

  it('does not charge size() for the length of the list it measures', () => {
    expect(evaluateExpression('l.map(x, size(l)).size()', { l: numbers(2_000) })).toBe(2_000);
  });

  it('keeps parsing and evaluation separate: one compiled expression, fresh budget per evaluation', () => {
    const parsed = parseExpression('l.map(x, x * 2).size()');
    if (!parsed.ok) throw new Error(parsed.message);
    for (let run = 0; run < 3; run++) {
      expect(evaluateExpression(parsed.expression, { l: numbers(100_000) })).toBe(100_000);
    }
  });
});
