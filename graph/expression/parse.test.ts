import { describe, expect, it } from 'vitest';
import {
  ExpressionLimitError,
  ExpressionSyntaxError,
  evaluateExpression,
  type ParseFailure,
  parseExpression,
  SOURCE_LIMITS,
} from './index.js';

function rejection(source: string): ParseFailure {
  const parsed = parseExpression(source);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
  return parsed;
}

describe('parseExpression', () => {
  it('accepts a well-formed expression and keeps its source', () => {
    const parsed = parseExpression('trigger.amount > 5000 && "finance" in trigger.tags');
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.expression.source).toBe('trigger.amount > 5000 && "finance" in trigger.tags');
  });

  it('reports a missing operand at the end, with its offset', () => {
    const failure = rejection('trigger.amount + ');
    expect(failure.position).toBe(17);
    expect(failure.message).toContain('offset 17');
    expect(failure.message).toContain('end of the expression');
    expect(failure.message).toContain('Expected an operand');
  });

  it('quotes the unexpected token', () => {
    const failure = rejection('a +* b');
    expect(failure.position).toBe(3);
    expect(failure.message).toContain('near "*"');
  });

  it('explains assignment is not comparison', () => {
    const failure = rejection('trigger.status = "done"');
    expect(failure.position).toBe(15);
    expect(failure.message).toContain('Compare with ==');
  });

  it('reports an unterminated string where it starts', () => {
    const failure = rejection('trigger.name == "Ann');
    expect(failure.position).toBe(16);
    expect(failure.message).toContain('unterminated string');
  });

  it('rejects statements with a hint about the conditional operator', () => {
    const failure = rejection('if trigger.ok');
    expect(failure.position).toBe(0);
    expect(failure.message).toContain('cond ? a : b');
  });

  it('rejects an empty expression', () => {
    expect(rejection('   ').message).toContain('empty');
  });

  it('marks syntax errors as not limits', () => {
    expect(rejection('a +').limit).toBeUndefined();
  });

  it('names an unknown function and lists the available ones', () => {
    const failure = rejection('trigger.items.sortBy(x)');
    expect(failure.message).toContain('no function "sortBy"');
    expect(failure.message).toContain('startsWith');
  });

  it('finds type errors between literals before any data is seen', () => {
    const failure = rejection('"total: " + 5');
    expect(failure.message).toContain('string + int');
    expect(failure.message).toContain('string()');
  });

  it('requires a variable name as the first argument of a macro', () => {
    const failure = rejection('trigger.items.exists(1, true)');
    expect(failure.position).toBe(21);
    expect(failure.message).toContain('variable name');
  });

  it('refuses matches(), whose regular expressions can backtrack for minutes', () => {
    const failure = rejection('trigger.email.matches("^(a+)+$")');
    expect(failure.position).toBe(0);
    expect(failure.message).toContain('contains()');
  });

  it('rejects a source longer than the limit without parsing it', () => {
    const source = `1 + ${'1 + '.repeat(SOURCE_LIMITS.maxSourceLength)}1`;
    const failure = rejection(source);
    expect(failure.position).toBe(SOURCE_LIMITS.maxSourceLength);
    expect(failure.message).toContain(`limit is ${SOURCE_LIMITS.maxSourceLength}`);
    expect(failure.limit).toBe('sourceLength');
    expect(() => evaluateExpression(source, {})).toThrow(ExpressionLimitError);
  });

  it('rejects deep nesting of parentheses', () => {
    const failure = rejection(`${'('.repeat(40)}1${')'.repeat(40)}`);
    expect(failure.message).toContain('nests more than');
    expect(failure.limit).toBe('depth');
  });

  it('rejects long chains of unary operators the parser does not count as depth', () => {
    expect(rejection(`${'!'.repeat(1000)}true`).message).toContain('nests more than');
    expect(rejection(`${'-'.repeat(100)}1`).message).toContain('nests more than');
  });

  it('rejects expressions with too many nodes', () => {
    const failure = rejection(Array.from({ length: 1200 }, () => 'a').join('+'));
    expect(failure.message).toContain(`more than ${SOURCE_LIMITS.maxAstNodes} parts`);
    expect(failure.limit).toBe('astNodes');
  });

  it('rejects oversized list literals', () => {
    const failure = rejection(`[${Array.from({ length: 300 }, (_, i) => i).join(',')}]`);
    expect(failure.message).toContain(`more than ${SOURCE_LIMITS.maxListElements} elements`);
    expect(failure.limit).toBe('listLiteral');
  });

  it('never throws, whatever the input', () => {
    for (const source of [
      '"',
      '}',
      '\u0000',
      '{{ x }}',
      '.',
      'a..b',
      '[1,',
      'x.map(',
      undefined as unknown as string,
    ]) {
      expect(() => parseExpression(source)).not.toThrow();
      expect(parseExpression(source).ok).toBe(false);
    }
  });

  it('makes evaluateExpression throw ExpressionSyntaxError with the position for an invalid source', () => {
    expect(() => evaluateExpression('1 +', {})).toThrow(ExpressionSyntaxError);
    expect(() => evaluateExpression('1 +', {})).toThrow(
      expect.objectContaining({ code: 'expression.syntax', position: 3 }),
    );
  });
});
