import { z } from 'zod';
import { commonFields, Expression, JsonValue, Next, Template } from '../schema/common.js';
import { defineNode, expression, jsonTemplates, nextEdge, template } from './spec.js';

export const RECORD_OPS = ['create', 'update', 'upsert', 'delete', 'get', 'query'] as const;

export const RecordNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('record'),
    entity: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
      message: 'must be an entity name: lower-case letters, digits and underscores, starting with a letter',
    }),
    op: z.enum(RECORD_OPS),
    key: Template.min(1)
      .max(500)
      .optional()
      .describe('Record key template; needed by update, upsert, delete, get'),
    where: Expression.optional().describe(
      'With query: filter evaluated per record, which it sees as `record`',
    ),
    data: JsonValue.optional().describe('With create, update, upsert: the fields; strings may be templates'),
    next: Next,
  })
  .describe("Create, change, read or query the tenant's built-in records");

export const record = defineNode({
  type: 'record',
  schema: RecordNode,
  summary: "Create, update, upsert, delete, get or query records in the tenant's data store.",
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'save_ticket',
    type: 'record',
    name: 'Save the ticket',
    entity: 'ticket',
    op: 'upsert',
    key: '{{ trigger.ticketId }}',
    data: { status: 'escalated', priority: '{{ trigger.priority }}' },
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => [
    ...template('/key', node.key),
    ...expression('/where', node.where, ['record']),
    ...jsonTemplates('/data', node.data),
  ],
  texts: () => [],
  references: () => [],
});
