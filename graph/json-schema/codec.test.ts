import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../test/fixtures.js';
import '../registry.js';
import { WorkflowDocument } from '../schema/document.js';
import {
  decodeLlmOutput,
  encodeForLlm,
  jsonSchemaFor,
  LLM_SCHEMA_VARIANTS,
  LlmOutputDecodeError,
  type LlmSchemaVariant,
} from './index.js';

const fixtures = readFixtures('valid').map(({ file, content }) => ({
  file,
  document: WorkflowDocument.parse(content),
}));

const validators = new Map(
  LLM_SCHEMA_VARIANTS.map((variant) => [
    variant,
    new Ajv2020({ strict: true, allErrors: true }).compile(jsonSchemaFor(variant)),
  ]),
);

function checkWire(variant: LlmSchemaVariant, wire: unknown): unknown[] {
  const check = validators.get(variant)!;
  return check(wire) ? [] : (check.errors ?? []);
}

const cases = LLM_SCHEMA_VARIANTS.flatMap((variant) =>
  fixtures.map(({ file, document }) => ({ variant, file, document })),
);

const minimal = {
  schema: 'switchboard/workflow@1',
  name: 'Ping',
  locale: 'en',
  trigger: { type: 'webhook' },
} as const;

describe('encodeForLlm and decodeLlmOutput', () => {
  it.each(cases)('$variant: $file round-trips through a schema-valid wire form', ({ variant, document }) => {
    const wire = JSON.parse(JSON.stringify(encodeForLlm(variant, document))) as unknown;
    expect(checkWire(variant, wire)).toEqual([]);
    expect(decodeLlmOutput(variant, wire)).toEqual(document);
  });

  it('writes the strict wire form with nulls, entry lists and JSON text', () => {
    const document = WorkflowDocument.parse({
      ...minimal,
      nodes: [
        {
          id: 'call',
          type: 'http',
          method: 'POST',
          url: 'https://api.example.com/x',
          headers: { 'X-Trace': '{{ run.id }}' },
          body: { a: [1, null, '{{ trigger.b }}'] },
          next: 'keep',
        },
        { id: 'keep', type: 'transform', set: { total: 'trigger.amount * 2' } },
      ],
    });
    const wire = encodeForLlm('openai-strict', document) as { nodes: Array<Record<string, unknown>> };
    expect(wire.nodes[0]).toMatchObject({
      name: null,
      retry: null,
      headers: [{ key: 'X-Trace', value: '{{ run.id }}' }],
      query: null,
      body: '{"a":[1,null,"{{ trigger.b }}"]}',
    });
    expect(wire.nodes[1]).toMatchObject({ set: [{ key: 'total', value: 'trigger.amount * 2' }], next: null });
    expect(checkWire('openai-strict', wire)).toEqual([]);
  });

  it('checks wire forms for real: a missing or an unknown property fails', () => {
    const document = WorkflowDocument.parse({ ...minimal, nodes: [{ id: 'done', type: 'end' }] });
    const strict = encodeForLlm('openai-strict', document) as { nodes: Array<Record<string, unknown>> };
    delete strict.nodes[0]?.name;
    expect(checkWire('openai-strict', strict)).not.toEqual([]);
    const plain = encodeForLlm('standard', document) as { nodes: Array<Record<string, unknown>> };
    plain.nodes[0]!.colour = 'red';
    expect(checkWire('standard', plain)).not.toEqual([]);
    expect(checkWire('anthropic', plain)).not.toEqual([]);
  });

  it('keeps a JSON null body apart from an absent one', () => {
    const document = WorkflowDocument.parse({
      ...minimal,
      nodes: [{ id: 'done', type: 'end', output: null }],
    });
    const wire = encodeForLlm('mistral', document) as { nodes: Array<Record<string, unknown>> };
    expect(wire.nodes[0]?.output).toBe('null');
    expect(decodeLlmOutput('mistral', wire)).toEqual(document);
  });

  it('drops nulls a model puts in optional fields of the plain wire form, but not in JSON values', () => {
    const output = {
      ...minimal,
      description: null,
      nodes: [
        { id: 'done', type: 'end', name: null, retry: null, output: null, message: 'Done' },
        {
          id: 'call',
          type: 'http',
          method: 'GET',
          url: 'https://x.example.com',
          body: { a: null },
          auth: null,
        },
      ],
    };
    expect(decodeLlmOutput('anthropic', output)).toEqual({
      ...minimal,
      nodes: [
        { id: 'done', type: 'end', output: null, message: 'Done' },
        { id: 'call', type: 'http', method: 'GET', url: 'https://x.example.com', body: { a: null } },
      ],
    });
  });

  it('keeps unknown fields and types so that validation reports them', () => {
    const output = { ...minimal, extra: 1, nodes: [{ id: 'x', type: 'teleport', to: 'mars' }] };
    expect(decodeLlmOutput('openai-strict', output)).toEqual(output);
  });

  it('names the place of a JSON text that does not parse', () => {
    const output = {
      ...minimal,
      nodes: [{ id: 'done', type: 'end', output: '{"a": 1', status: null, name: null }],
    };
    expect(() => decodeLlmOutput('openai-strict', output)).toThrow(LlmOutputDecodeError);
    expect(() => decodeLlmOutput('openai-strict', output)).toThrow(
      /^\/nodes\/0\/output: is not valid JSON text/,
    );
  });

  it('accepts maps and JSON values a model wrote in the plain form despite the strict schema', () => {
    const output = {
      ...minimal,
      nodes: [
        { id: 't', type: 'transform', set: { a: '1' }, next: 'done' },
        { id: 'done', type: 'end', output: { ok: true }, name: null },
      ],
    };
    expect(decodeLlmOutput('mistral', output)).toEqual({
      ...minimal,
      nodes: [
        { id: 't', type: 'transform', set: { a: '1' }, next: 'done' },
        { id: 'done', type: 'end', output: { ok: true } },
      ],
    });
  });

  it('refuses a map with a repeated key', () => {
    const output = {
      ...minimal,
      nodes: [
        {
          id: 't',
          type: 'transform',
          set: [
            { key: 'a', value: '1' },
            { key: 'a', value: '2' },
          ],
        },
      ],
    };
    expect(() => decodeLlmOutput('openai-strict', output)).toThrow(
      /\/nodes\/0\/set\/1\/key: the key "a" appears twice/,
    );
  });

  it('decodes nested graphs by node type', () => {
    const output = {
      ...minimal,
      nodes: [
        {
          id: 'each',
          type: 'loop',
          items: 'trigger.lines',
          nodes: [
            { id: 'calc', type: 'transform', set: [{ key: 'x', value: 'item.a' }], name: null, next: null },
          ],
          name: null,
          as: null,
        },
      ],
    };
    expect(decodeLlmOutput('openai-strict', output)).toEqual({
      ...minimal,
      nodes: [
        {
          id: 'each',
          type: 'loop',
          items: 'trigger.lines',
          nodes: [{ id: 'calc', type: 'transform', set: { x: 'item.a' } }],
        },
      ],
    });
  });
});
