import { z } from 'zod';
import { nestedNodeList } from '../schema/body.js';
import { commonFields, Expression, Next } from '../schema/common.js';
import type { NodeList } from '../schema/node.js';
import { defineNode, expression, nextEdge } from './spec.js';

const ItemName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, { message: 'must be a variable name such as "item" or "line"' })
  .optional()
  .describe('Name of the current item in the body, default "item"');
const Concurrency = z.int().min(1).max(100).optional().describe('Iterations at once, default 1');
const MaxItems = z.int().min(1).max(100_000).optional().describe('Fail the step when the list is longer');

// Spelled out because the body makes the type recursive (loop → nodes → loop), which TypeScript
// can only follow through a declared object type.
type LoopShape = typeof commonFields & {
  type: z.ZodLiteral<'loop'>;
  items: typeof Expression;
  as: typeof ItemName;
  concurrency: typeof Concurrency;
  maxItems: typeof MaxItems;
  readonly nodes: typeof NodeList;
  next: typeof Next;
};

export const LoopNode: z.ZodObject<LoopShape, z.core.$strict> = z
  .strictObject({
    ...commonFields,
    type: z.literal('loop'),
    items: Expression.describe('Expression giving a list'),
    as: ItemName,
    concurrency: Concurrency,
    maxItems: MaxItems,
    get nodes(): typeof NodeList {
      return nestedNodeList();
    },
    next: Next,
  })
  .describe('Run the body once per item of a list; the output lists the iteration results in item order');

export const loop = defineNode({
  type: 'loop',
  schema: LoopNode,
  summary: 'Run the nested body once per list item (as `item` and `index`); results in item order.',
  sideEffects: false,
  hasNext: true,
  example: {
    id: 'each_line',
    type: 'loop',
    name: 'Reserve each item',
    items: 'trigger.lines',
    as: 'line',
    concurrency: 4,
    nodes: [{ id: 'reserve', type: 'record', entity: 'stock', op: 'get', key: '{{ line.sku }}' }],
    next: 'ship',
  },
  edges: (node) => nextEdge(node.next),
  graphs: (node) => [{ pointer: '/nodes', nodes: node.nodes, bindings: [node.as ?? 'item', 'index'] }],
  expressions: (node) => expression('/items', node.items),
  texts: () => [],
  references: () => [],
});
