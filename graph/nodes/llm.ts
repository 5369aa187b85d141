import { z } from 'zod';
import { commonFields, JsonValue, Next, Template } from '../schema/common.js';
import { defineNode, nextEdge, template } from './spec.js';

export const LlmNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('llm'),
    prompt: Template.min(1),
    output: z.enum(['text', 'json']).optional().describe('Default "text"'),
    schema: z
      .record(z.string(), JsonValue)
      .optional()
      .describe('JSON Schema of the answer, with output "json"'),
    next: Next,
  })
  .describe('Ask a language model; the answer (text or JSON) is the output');

export const llm = defineNode({
  type: 'llm',
  schema: LlmNode,
  summary: 'Ask a language model with a templated prompt; text or JSON (checked against `schema`) output.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'classify',
    type: 'llm',
    name: 'Classify the ticket',
    prompt: 'Classify this support ticket as "bug", "billing" or "other": {{ trigger.body }}',
    output: 'json',
    schema: {
      type: 'object',
      properties: { category: { type: 'string', enum: ['bug', 'billing', 'other'] } },
      required: ['category'],
    },
    next: 'route',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => template('/prompt', node.prompt),
  texts: () => [],
  references: () => [],
});
