import { z } from 'zod';
import { commonFields, Expression, NodeId } from '../schema/common.js';
import { defineNode, expression } from './spec.js';

export const DecisionNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('decision'),
    cases: z
      .array(z.strictObject({ when: Expression, next: NodeId }))
      .min(1)
      .max(50)
      .describe('Checked in order; the first case whose `when` is true is taken'),
    default: NodeId.describe('Taken when no case is true'),
  })
  .describe('Branch on conditions');

export const decision = defineNode({
  type: 'decision',
  schema: DecisionNode,
  summary: 'Branch: the first case whose condition is true decides the next node, else `default`.',
  sideEffects: false,
  hasNext: false,
  example: {
    id: 'check_amount',
    type: 'decision',
    name: 'Large invoice?',
    cases: [{ when: 'trigger.amount > 5000', next: 'ask_finance' }],
    default: 'pay',
  },
  edges: (node) => [
    ...node.cases.map((c, i) => ({ pointer: `/cases/${i}/next`, target: c.next, label: `case ${i + 1}` })),
    { pointer: '/default', target: node.default, label: 'default' },
  ],
  graphs: () => [],
  expressions: (node) => node.cases.flatMap((c, i) => expression(`/cases/${i}/when`, c.when)),
  texts: () => [],
  references: () => [],
});
