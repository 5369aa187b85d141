import { z } from 'zod';
import { commonFields, Next, Reference, Template, Text } from '../schema/common.js';
import { defineNode, nextEdge, references, template, text } from './spec.js';

export const FORM_FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const;

export const FormField = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, {
    message: 'must start with a letter and contain only letters, digits and underscores',
  }),
  label: Text,
  type: z.enum(FORM_FIELD_TYPES),
  options: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(100)
    .optional()
    .describe('Choices, with type "select"'),
  required: z.boolean().optional().describe('Default false'),
});

export const FormNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('form'),
    assignees: z.array(Reference).min(1).max(100),
    title: Text,
    message: Template.min(1),
    fields: z.array(FormField).min(1).max(50),
    next: Next,
  })
  .describe('Ask a person to fill typed fields; the run continues with the values');

export const form = defineNode({
  type: 'form',
  schema: FormNode,
  summary: 'Ask an assignee to fill typed fields; the values become the step output.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'collect_details',
    type: 'form',
    name: 'Collect start details',
    assignees: ['requester'],
    title: 'New hire details',
    message: 'Please give the details for {{ trigger.name }}',
    fields: [
      { key: 'startDate', label: 'Start date', type: 'date', required: true },
      { key: 'team', label: 'Team', type: 'select', options: ['Sales', 'Engineering'] },
    ],
    next: 'welcome',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => template('/message', node.message),
  texts: (node) => [
    ...text('/title', node.title),
    ...text('/message', node.message),
    ...node.fields.flatMap((f, i) => text(`/fields/${i}/label`, f.label)),
  ],
  references: (node) => references('/assignees', node.assignees),
});
