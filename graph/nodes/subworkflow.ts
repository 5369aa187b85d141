import { z } from 'zod';
import { commonFields, JsonValue, Next } from '../schema/common.js';
import { defineNode, jsonTemplates, nextEdge } from './spec.js';

export const SubworkflowNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('subworkflow'),
    workflow: z.string().min(1).max(200).describe('Name or id of a workflow of the same tenant'),
    input: JsonValue.optional().describe('The child run trigger; strings may be templates'),
    next: Next,
  })
  .describe('Run another workflow and wait for its output');

export const subworkflow = defineNode({
  type: 'subworkflow',
  schema: SubworkflowNode,
  summary: 'Start another workflow of the tenant as a child run and wait for its output.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'onboard_laptop',
    type: 'subworkflow',
    name: 'Order a laptop',
    workflow: 'Laptop order',
    input: { employee: '{{ trigger.email }}' },
    next: 'welcome',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => jsonTemplates('/input', node.input),
  texts: () => [],
  references: () => [],
});
