import { describe, expect, it } from 'vitest';
import { encodeForLlm, jsonSchemaFor } from '../graph/index.js';
import { answerSchemaFor, decodeAnswer, PlannerAnswer } from './answer.js';
import { fixtureDocument } from './scenario.js';

describe('planner answer', () => {
  it('sends strict providers an envelope with every field required and nullable', () => {
    const schema = answerSchemaFor('openai');
    expect(schema.required).toEqual(['kind', 'workflow', 'questions', 'reason']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs).toEqual(jsonSchemaFor('openai-strict').$defs);
    expect(JSON.stringify(schema)).not.toMatch(/"oneOf"/);
    expect(answerSchemaFor('mistral').required).toHaveLength(4);
  });

  it('sends Anthropic an object root with only kind required', () => {
    const schema = answerSchemaFor('anthropic');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['kind']);
    expect(schema.anyOf).toBeUndefined();
  });

  it('decodes the null form and the omitted form to the same answer', () => {
    const document = fixtureDocument('invoice-approval');
    const strict = decodeAnswer('openai', {
      kind: 'workflow',
      workflow: encodeForLlm('openai-strict', document),
      questions: null,
      reason: null,
    });
    const plain = decodeAnswer('compatible', { kind: 'workflow', workflow: document });
    expect(PlannerAnswer.parse(strict)).toEqual({ kind: 'workflow', workflow: document });
    expect(PlannerAnswer.parse(plain)).toEqual({ kind: 'workflow', workflow: document });
    expect(
      PlannerAnswer.parse(
        decodeAnswer('mistral', {
          kind: 'questions',
          workflow: null,
          questions: [{ topic: 'url', question: 'Which API?', options: null }],
          reason: null,
        }),
      ),
    ).toEqual({ kind: 'questions', questions: [{ topic: 'url', question: 'Which API?' }] });
  });

  it('keeps an undecodable workflow and says where, instead of dropping it', () => {
    const decoded = decodeAnswer('openai', {
      kind: 'workflow',
      workflow: {
        schema: 'switchboard/workflow@1',
        name: 'x',
        locale: 'en',
        trigger: { type: 'webhook' },
        nodes: [{ id: 'a', type: 'end', output: '{not json' }],
      },
    }) as { undecodable?: { pointer: string } };
    expect(decoded.undecodable?.pointer).toBe('/nodes/0/output');
  });
});
