import { z } from 'zod';
import { commonFields, JsonValue, Template } from '../schema/common.js';
import { defineNode, jsonTemplates, template, text } from './spec.js';

export const END_STATUSES = ['completed', 'failed', 'cancelled'] as const;

export const EndNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('end'),
    status: z.enum(END_STATUSES).optional().describe('Default "completed"'),
    output: JsonValue.optional().describe('The run output; strings may be templates'),
    message: Template.min(1).optional(),
  })
  .describe('End the run with a status');

export const end = defineNode({
  type: 'end',
  schema: EndNode,
  summary: 'End the run with a status (completed, failed, cancelled), an optional output and message.',
  sideEffects: false,
  hasNext: false,
  example: {
    id: 'rejected_end',
    type: 'end',
    name: 'Rejected',
    status: 'failed',
    message: 'Invoice {{ trigger.number }} was rejected.',
  },
  edges: () => [],
  graphs: () => [],
  expressions: (node) => [...jsonTemplates('/output', node.output), ...template('/message', node.message)],
  texts: (node) => text('/message', node.message),
  references: () => [],
});
