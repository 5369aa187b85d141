import { z } from 'zod';
import { nestedNodeList } from '../schema/body.js';
import { commonFields, Next, Text } from '../schema/common.js';
import type { NodeList } from '../schema/node.js';
import { defineNode, nextEdge, text } from './spec.js';

export const ParallelBranch = z.strictObject({
  name: Text.optional(),
  get nodes(): typeof NodeList {
    return nestedNodeList();
  },
});

export const ParallelNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('parallel'),
    branches: z.array(ParallelBranch).min(1).max(20),
    waitFor: z
      .enum(['all', 'any'])
      .optional()
      .describe(
        'all: continue when every branch ended (default); any: when the first did, cancelling the rest',
      ),
    next: Next,
  })
  .describe('Run branches at the same time');

export const parallel = defineNode({
  type: 'parallel',
  schema: ParallelNode,
  summary: 'Run nested branches at the same time; continue when all (or any) of them ended.',
  sideEffects: false,
  hasNext: true,
  example: {
    id: 'review',
    type: 'parallel',
    name: 'Review in parallel',
    waitFor: 'all',
    branches: [
      { name: 'Legal', nodes: [{ id: 'legal_ok', type: 'transform', set: { legal: 'true' } }] },
      { name: 'Brand', nodes: [{ id: 'brand_ok', type: 'transform', set: { brand: 'true' } }] },
    ],
    next: 'publish',
  },
  edges: (node) => nextEdge(node.next),
  graphs: (node) =>
    node.branches.map((b, i) => ({ pointer: `/branches/${i}/nodes`, nodes: b.nodes, bindings: [] })),
  expressions: () => [],
  texts: (node) => node.branches.flatMap((b, i) => text(`/branches/${i}/name`, b.name)),
  references: () => [],
});
