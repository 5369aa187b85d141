import { z } from 'zod';
import { commonFields, Duration, NodeId, Reference, Template, Text } from '../schema/common.js';
import { defineNode, references, template, text } from './spec.js';

export const APPROVAL_MODES = ['any', 'all', 'majority', 'quorum', 'sequential'] as const;
export const APPROVAL_TIMEOUT_ACTIONS = ['approve', 'reject', 'escalate', 'fail'] as const;

export const ApprovalField = z.strictObject({ label: Text, value: Template });

export const ApprovalNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('approval'),
    approvers: z.array(Reference).min(1).max(100),
    mode: z
      .enum(APPROVAL_MODES)
      .optional()
      .describe(
        'any: first decision decides (default); all: everyone approves, one rejection rejects; majority; quorum: `quorum` approvals; sequential: one after another',
      ),
    quorum: z.int().min(1).optional().describe('Approvals needed, with mode "quorum"'),
    title: Text,
    message: Template.min(1),
    fields: z.array(ApprovalField).max(30).optional().describe('Facts shown on the request'),
    onTimeout: z.enum(APPROVAL_TIMEOUT_ACTIONS).optional().describe('What happens when `timeout` passes'),
    reminders: z
      .strictObject({ every: Duration, max: z.int().min(1).max(100).optional() })
      .optional()
      .describe('Remind those who have not decided yet'),
    escalateTo: z
      .array(Reference)
      .min(1)
      .max(100)
      .optional()
      .describe('New approvers when onTimeout is "escalate"'),
    allowSelfApproval: z.boolean().optional().describe('Whether the run requester may decide; default false'),
    requireRejectComment: z
      .boolean()
      .optional()
      .describe('Whether a rejection needs a comment; default true'),
    next: z.strictObject({
      approved: NodeId,
      rejected: NodeId,
      timed_out: NodeId.optional().describe('Taken on timeout when onTimeout is absent'),
    }),
  })
  .describe('Ask people to approve or reject; the run waits durably for the outcome');

export const approval = defineNode({
  type: 'approval',
  schema: ApprovalNode,
  summary:
    'Ask approvers to approve or reject, wait for the outcome, continue at next.approved or next.rejected.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'ask_finance',
    type: 'approval',
    name: 'Finance approval',
    approvers: ['group:finance'],
    mode: 'any',
    title: 'Approve invoice',
    message: 'Invoice {{ trigger.number }} from {{ trigger.vendor }} for {{ trigger.amount }} EUR',
    timeout: '3d',
    onTimeout: 'escalate',
    escalateTo: ['email:cfo@example.com'],
    next: { approved: 'pay', rejected: 'tell_requester' },
  },
  edges: (node) => [
    { pointer: '/next/approved', target: node.next.approved, label: 'approved' },
    { pointer: '/next/rejected', target: node.next.rejected, label: 'rejected' },
    ...(node.next.timed_out === undefined
      ? []
      : [{ pointer: '/next/timed_out', target: node.next.timed_out, label: 'timed out' }]),
  ],
  graphs: () => [],
  expressions: (node) => [
    ...template('/message', node.message),
    ...(node.fields ?? []).flatMap((f, i) => template(`/fields/${i}/value`, f.value)),
  ],
  texts: (node) => [
    ...text('/title', node.title),
    ...text('/message', node.message),
    ...(node.fields ?? []).flatMap((f, i) => text(`/fields/${i}/label`, f.label)),
  ],
  references: (node) => [
    ...references('/approvers', node.approvers),
    ...references('/escalateTo', node.escalateTo),
  ],
});
