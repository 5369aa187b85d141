import { z } from 'zod';
import { commonFields, Next, Reference, Template } from '../schema/common.js';
import { defineNode, nextEdge, template, text } from './spec.js';

export const ChatNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('chat'),
    to: Reference.describe('A person, requester, a group (each member) or a channel'),
    text: Template.min(1).describe('Markdown template'),
    next: Next,
  })
  .describe('Post a chat message');

export const chat = defineNode({
  type: 'chat',
  schema: ChatNode,
  summary: 'Post a chat message to a person, the requester, a group or a channel.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'notify_channel',
    type: 'chat',
    name: 'Announce in #finance',
    to: 'slack:channel/C0FINANCE',
    text: 'Invoice {{ trigger.number }} was paid.',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => template('/text', node.text),
  texts: (node) => text('/text', node.text),
  references: (node) => [{ pointer: '/to', reference: node.to }],
});
