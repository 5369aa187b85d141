import { describe, expect, it } from 'vitest';
import { ExpressionEvaluationError, ExpressionSyntaxError, renderJsonTemplate } from './index.js';

const context = {
  trigger: { id: 'T-1', amount: 7500, lines: [{ sku: 'a' }], approved: false, note: null },
};

describe('renderJsonTemplate', () => {
  it('keeps the JSON type of a string that is exactly one hole', () => {
    expect(
      renderJsonTemplate(
        {
          amount: '{{ trigger.amount }}',
          lines: '{{ trigger.lines }}',
          approved: '{{ trigger.approved }}',
          note: '{{ trigger.note }}',
          doubled: '{{ trigger.amount * 2 }}',
        },
        context,
      ),
    ).toEqual({ amount: 7500, lines: [{ sku: 'a' }], approved: false, note: null, doubled: 15000 });
  });

  it('interpolates strings with text around or between holes', () => {
    expect(
      renderJsonTemplate(
        {
          ref: 'invoice {{ trigger.id }}',
          padded: ' {{ trigger.amount }}',
          two: '{{ trigger.id }}{{ trigger.amount }}',
        },
        context,
      ),
    ).toEqual({ ref: 'invoice T-1', padded: ' 7500', two: 'T-17500' });
  });

  it('renders nested arrays and objects and leaves other values alone', () => {
    expect(
      renderJsonTemplate({ a: [1, true, null, { b: ['{{ trigger.id }}'] }], 'c {{ x }}': 'plain' }, context),
    ).toEqual({ a: [1, true, null, { b: ['T-1'] }], 'c {{ x }}': 'plain' });
    expect(renderJsonTemplate('{{ trigger.amount }}', context)).toBe(7500);
    expect(renderJsonTemplate(42, context)).toBe(42);
  });

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": "{{ trigger.id }}"}');
    const rendered = renderJsonTemplate(value, context) as Record<string, unknown>;
    expect(Object.keys(rendered)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
  });

  it('names the JSON Pointer of a failing string and the offset inside it', () => {
    const render = () => renderJsonTemplate({ body: { items: ['ok', 'id {{ trigger.missing }}'] } }, context);
    expect(render).toThrow(ExpressionEvaluationError);
    expect(render).toThrow(expect.objectContaining({ position: 6 }));
    expect(render).toThrow(/^At \/body\/items\/1: In the \{\{ \}\} at offset 3/);
  });

  it('reports syntax errors the same way', () => {
    const render = () => renderJsonTemplate({ 'a/b': '{{ 1 + }}' }, context);
    expect(render).toThrow(ExpressionSyntaxError);
    expect(render).toThrow(/^At \/a~1b: /);
  });
});
