import { describe, expect, it } from 'vitest';
import {
  analyzeTemplate,
  ExpressionEvaluationError,
  ExpressionLimitError,
  ExpressionSyntaxError,
  type ParseFailure,
  parseTemplate,
  renderTemplate,
} from './index.js';

const context = {
  trigger: { name: 'Ann', amount: 7500, price: 12.5, tags: ['a', 'b'], approver: null, vip: true },
  steps: { fetch: { body: { id: 7 } } },
};

function rejection(text: string): ParseFailure {
  const parsed = parseTemplate(text);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return parsed;
}

describe('parseTemplate', () => {
  it('splits text and holes', () => {
    const parsed = parseTemplate('Hi {{ trigger.name }}, total {{trigger.amount}}.');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(
      parsed.template.parts.map((part) => (part.kind === 'text' ? part.text : part.expression.source)),
    ).toEqual(['Hi ', ' trigger.name ', ', total ', 'trigger.amount', '.']);
  });

  it('accepts plain text and lone braces', () => {
    expect(parseTemplate('no holes { here } }}').ok).toBe(true);
    expect(parseTemplate('').ok).toBe(true);
  });

  it('reports an unclosed {{ at its offset', () => {
    const failure = rejection('Hello {{ trigger.name');
    expect(failure.position).toBe(6);
    expect(failure.message).toContain('never closed');
  });

  it('reports an empty hole at its offset', () => {
    const failure = rejection('a {{ }} b');
    expect(failure.position).toBe(2);
    expect(failure.message).toContain('empty');
  });

  it('reports a syntax error inside a hole at its offset in the template', () => {
    const failure = rejection('Total: {{ trigger.amount + }}');
    expect(failure.position).toBe(27);
    expect(failure.message).toContain('In the {{ }} at offset 7');
    expect(failure.message).toContain('offset 27');
  });

  it('reports an unclosed string inside a hole', () => {
    const failure = rejection('x {{ "abc }}');
    expect(failure.position).toBe(5);
    expect(failure.message).toContain('never closed');
  });

  it('reports refused functions inside holes', () => {
    expect(rejection('{{ trigger.name.matches("a") }}').position).toBe(3);
  });

  it('bounds the template length and the number of holes', () => {
    expect(rejection('x'.repeat(20_001))).toMatchObject({ limit: 'templateLength', position: 20_000 });
    expect(rejection('x'.repeat(20_001)).message).toContain('limit is 20000');
    expect(rejection('{{ 1 }}'.repeat(201))).toMatchObject({ limit: 'templateHoles', position: 1400 });
    expect(() => renderTemplate('{{ 1 }}'.repeat(201), context)).toThrow(ExpressionLimitError);
  });

  it('is what analyzeTemplate reads from: the union of its holes', () => {
    const result = analyzeTemplate(
      '{{ steps.fetch.body.id }} for {{ trigger.items.map(i, i.name) }} at {{ now() }}',
    );
    expect(result.ok && result.analysis).toEqual({
      roots: ['steps', 'trigger'],
      stepIds: ['fetch'],
      readsAnyStep: false,
      functions: ['map', 'now'],
    });
  });
});

describe('renderTemplate', () => {
  it('inserts strings as is, numbers and booleans as text, null as nothing, lists and maps as JSON', () => {
    expect(
      renderTemplate(
        '{{ trigger.name }}|{{ trigger.amount }}|{{ trigger.price }}|{{ trigger.vip }}|[{{ trigger.approver }}]|{{ trigger.tags }}|{{ steps.fetch.body }}',
        context,
      ),
    ).toBe('Ann|7500|12.5|true|[]|["a","b"]|{"id":7}');
  });

  it('writes a literal {{ with a hole that yields it', () => {
    expect(renderTemplate('Use {{ "{{" }} name }} for placeholders', context)).toBe(
      'Use {{ name }} for placeholders',
    );
  });

  it('ends a hole at }} outside strings and map braces', () => {
    expect(renderTemplate('{{ "}}" }}', context)).toBe('}}');
    expect(renderTemplate('{{ \'}}\' + r"\\" }}" }}', context)).toBe('}}\\" }}');
    expect(renderTemplate('{{ {"a": {"b": 1}} }}', context)).toBe('{"a":{"b":1}}');
    expect(renderTemplate('{{ {"a": 1}}}', context)).toBe('{"a":1}');
  });

  it('renders text without holes unchanged', () => {
    expect(renderTemplate('plain } text }}', context)).toBe('plain } text }}');
  });

  it('renders durations and timestamps in their text forms', () => {
    expect(
      renderTemplate('due {{ now() + duration("48h") }} ({{ duration("48h") }})', context, {
        now: new Date('2024-01-01T00:00:00Z'),
      }),
    ).toBe('due 2024-01-03T00:00:00.000Z (48h)');
  });

  it('locates an evaluation error in the template', () => {
    const render = () => renderTemplate('Dear {{ trigger.customer.name }}', context);
    expect(render).toThrow(ExpressionEvaluationError);
    expect(render).toThrow(expect.objectContaining({ position: 8, reason: 'missing_field' }));
    expect(render).toThrow(/In the \{\{ \}\} at offset 5: .*trigger\.customer does not exist/);
  });

  it('throws ExpressionSyntaxError for an invalid template', () => {
    expect(() => renderTemplate('{{ 1 + }}', context)).toThrow(ExpressionSyntaxError);
  });

  it('renders a parsed template many times', () => {
    const parsed = parseTemplate('#{{ item }}');
    if (!parsed.ok) throw new Error(parsed.message);
    expect([1, 2].map((item) => renderTemplate(parsed.template, { item }))).toEqual(['#1', '#2']);
  });

  it('shares one work budget between the holes of a template', () => {
    const l = Array.from({ length: 300 }, (_, i) => i);
    const hole = '{{ l.map(x, l.map(y, x + y)).size() }}';
    expect(renderTemplate(hole, { l }, { limits: { maxWork: 600_000 } })).toBe('300');
    expect(() => renderTemplate(hole.repeat(3), { l }, { limits: { maxWork: 600_000 } })).toThrow(
      ExpressionLimitError,
    );
  });

  it('bounds the size of the rendered text', () => {
    expect(() =>
      renderTemplate('{{ s }}{{ s }}', { s: 'x'.repeat(600_000) }, { limits: { maxResultSize: 1_000_000 } }),
    ).toThrow(expect.objectContaining({ limit: 'resultSize' }));
  });
});
