import { z } from 'zod';
import { commonFields, Duration, Expression, Next, NodeId } from '../schema/common.js';
import { EventName } from '../schema/triggers.js';
import { defineNode, expression, nextEdge } from './spec.js';

export const WaitNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('wait'),
    for: Duration.optional().describe('Wait this long'),
    until: Expression.optional().describe('Wait until this time (an expression giving a timestamp)'),
    event: z
      .strictObject({
        name: EventName.describe('Event name such as "invoice.paid"'),
        match: Expression.optional().describe(
          'Only an event for which this is true; sees the payload as `event`',
        ),
        timeout: Duration.optional().describe('Give up waiting after this long'),
      })
      .optional(),
    onTimeout: NodeId.optional().describe('With event.timeout: node to continue at when no event came'),
    next: Next,
  })
  .describe(
    'Pause: for a duration, until a time, or until an event arrives (exactly one of for, until, event)',
  );

export const wait = defineNode({
  type: 'wait',
  schema: WaitNode,
  summary:
    'Pause for a duration, until a time, or until a matching event arrives (exactly one of the three).',
  sideEffects: false,
  hasNext: true,
  example: {
    id: 'wait_payment',
    type: 'wait',
    name: 'Wait for payment',
    event: { name: 'invoice.paid', match: 'event.number == trigger.number', timeout: '30d' },
    onTimeout: 'remind_vendor',
    next: 'archive',
  },
  edges: (node) => [
    ...nextEdge(node.next),
    ...(node.onTimeout === undefined
      ? []
      : [{ pointer: '/onTimeout', target: node.onTimeout, label: 'on timeout' }]),
  ],
  graphs: () => [],
  expressions: (node) => [
    ...expression('/until', node.until),
    ...expression('/event/match', node.event?.match, ['event']),
  ],
  texts: () => [],
  references: () => [],
});
