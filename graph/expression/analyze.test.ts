import { describe, expect, it } from 'vitest';
import { analyzeExpression, type ExpressionAnalysis } from './index.js';

function analysis(source: string): ExpressionAnalysis {
  const result = analyzeExpression(source);
  if (!result.ok) throw new Error(result.message);
  return result.analysis;
}

describe('analyzeExpression', () => {
  it('lists the context variables an expression reads', () => {
    expect(analysis('trigger.amount > vars.limit && run.requester == item.owner').roots).toEqual([
      'item',
      'run',
      'trigger',
      'vars',
    ]);
  });

  it('finds step ids read as steps.<id> and steps["<id>"]', () => {
    const result = analysis('steps.fetch.body.total + steps["review"].score > 3');
    expect(result.stepIds).toEqual(['fetch', 'review']);
    expect(result.roots).toEqual(['steps']);
    expect(result.readsAnyStep).toBe(false);
  });

  it('finds step ids inside has(), macros and templates of maps and lists', () => {
    const result = analysis(
      'has(steps.approve.outcome) ? [steps.a.x, {"k": steps.b}] : trigger.l.map(x, steps.c)',
    );
    expect(result.stepIds).toEqual(['a', 'approve', 'b', 'c']);
  });

  it('notes reads of steps through a computed key or as a whole', () => {
    expect(analysis('steps[trigger.name].status').readsAnyStep).toBe(true);
    expect(analysis('size(steps) > 2').readsAnyStep).toBe(true);
    expect(analysis('"fetch" in steps').readsAnyStep).toBe(true);
    expect(analysis('steps.fetch.ok').readsAnyStep).toBe(false);
  });

  it('does not count variables bound by comprehension macros', () => {
    const result = analysis('trigger.items.exists(x, x.price > 10) && trigger.items.all(i, i.qty > 0)');
    expect(result.roots).toEqual(['trigger']);
  });

  it('does not count the bound variable of the three-argument map', () => {
    expect(analysis('trigger.items.map(i, i.ok, i.id)').roots).toEqual(['trigger']);
  });

  it('scopes a bound variable to its macro only', () => {
    expect(analysis('trigger.l.exists(x, x > 1) || x > 2').roots).toEqual(['trigger', 'x']);
    expect(analysis('x.filter(x, x > 1)').roots).toEqual(['x']);
  });

  it('lets a bound variable shadow steps', () => {
    const result = analysis('trigger.l.exists(steps, steps.fetch > 1)');
    expect(result.stepIds).toEqual([]);
    expect(result.roots).toEqual(['trigger']);
  });

  it('handles nested macros and cel.bind', () => {
    const result = analysis(
      'cel.bind(total, trigger.lines.map(l, l.orders.filter(o, o.open).size()), total.exists(t, t > vars.max))',
    );
    expect(result.roots).toEqual(['trigger', 'vars']);
    expect(result.functions).toEqual(['bind', 'exists', 'filter', 'map', 'size']);
  });

  it('does not count names the language defines itself', () => {
    expect(analysis('type(trigger.x) == string && google.protobuf.Duration != int').roots).toEqual([
      'trigger',
    ]);
  });

  it('lists functions called, so callers can tell that now() is used', () => {
    expect(analysis('now() - timestamp(trigger.at) > duration("1h")').functions).toEqual([
      'duration',
      'now',
      'timestamp',
    ]);
  });

  it('reports why an invalid expression cannot be analyzed', () => {
    const result = analyzeExpression('steps.fetch.');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.position).toBe(12);
  });

  it('treats a method named like an Object.prototype member as an unknown function, not a macro', () => {
    const result = analyzeExpression('items.constructor(x, 1)');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/There is no function "constructor"/);
  });
});
