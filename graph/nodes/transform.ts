import { z } from 'zod';
import { commonFields, Expression, Next } from '../schema/common.js';
import { defineNode, escapePointer, expression, nextEdge } from './spec.js';

export const VariableName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, {
  message: 'must start with a letter and contain only letters, digits and underscores',
});

export const TransformNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('transform'),
    set: z
      .record(VariableName, Expression)
      .describe('Variable name → expression; readable later as vars.<name>'),
    next: Next,
  })
  .describe('Compute values and keep them as variables');

export const transform = defineNode({
  type: 'transform',
  schema: TransformNode,
  summary: 'Set variables (vars.<name>) from expressions.',
  sideEffects: false,
  hasNext: true,
  example: {
    id: 'compute_total',
    type: 'transform',
    name: 'Compute total',
    set: { total: 'trigger.amount + trigger.tax' },
    next: 'check_total',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) =>
    Object.entries(node.set).flatMap(([name, source]) => expression(`/set/${escapePointer(name)}`, source)),
  texts: () => [],
  references: () => [],
});
