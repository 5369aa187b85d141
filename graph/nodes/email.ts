import { z } from 'zod';
import { commonFields, Next, Template } from '../schema/common.js';
import { defineNode, type ExpressionSite, nextEdge, type ReferenceSite, template, text } from './spec.js';

const Recipients = z
  .array(z.string().min(1).max(320))
  .max(100)
  .describe(
    'References (email:ann@example.com, group:finance, requester), addresses, or templates giving an address',
  );

export const EmailNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('email'),
    to: Recipients.min(1),
    cc: Recipients.optional(),
    bcc: Recipients.optional(),
    subject: Template.min(1).max(998),
    body: Template.min(1).describe('Markdown template'),
    next: Next,
  })
  .describe('Send an email over SMTP');

type Recipient = { pointer: string; value: string };

function recipients(node: z.infer<typeof EmailNode>): Recipient[] {
  return (['to', 'cc', 'bcc'] as const).flatMap((field) =>
    (node[field] ?? []).map((value, i) => ({ pointer: `/${field}/${i}`, value })),
  );
}

const isTemplated = (value: string) => value.includes('{{');

export const email = defineNode({
  type: 'email',
  schema: EmailNode,
  summary: 'Send an email (Markdown body) to people, groups or addresses.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'email_vendor',
    type: 'email',
    name: 'Tell the vendor',
    to: ['{{ trigger.vendorEmail }}'],
    subject: 'Invoice {{ trigger.number }} approved',
    body: 'Hello,\n\nYour invoice **{{ trigger.number }}** was approved and will be paid.',
    next: 'done',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node): ExpressionSite[] => [
    ...recipients(node)
      .filter((r) => isTemplated(r.value))
      .flatMap((r) => template(r.pointer, r.value)),
    ...template('/subject', node.subject),
    ...template('/body', node.body),
  ],
  texts: (node) => [...text('/subject', node.subject), ...text('/body', node.body)],
  references: (node): ReferenceSite[] =>
    recipients(node)
      .filter((r) => !isTemplated(r.value))
      .map((r) => ({ pointer: r.pointer, reference: r.value, acceptsAddress: true })),
});
