/**
 * What the planner knows about the tenant and the conversation. Only what is listed here (or
 * written literally by the person) may appear in a plan: the policy check enforces it.
 */
import { z } from 'zod';
import { NODE_TYPES, type NodeType, WorkflowDocument } from '../graph/index.js';

export const KnownPerson = z.strictObject({
  /** A reference such as `slack:user/U123ABC`, `email:ann@example.com`, `group:finance`, `slack:channel/C1`. */
  reference: z.string().min(1),
  /** How people call them: "Ann Lee (finance lead)", "#finance". */
  label: z.string().min(1),
});

export const ConversationMessage = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
});

export const PlanningContext = z.strictObject({
  tenantId: z.string().optional().describe('Tenant the LLM calls are accounted to'),
  locale: z.string().optional().describe('Locale of the preview; default the document locale'),
  people: z.array(KnownPerson).default([]).describe('Known people, groups and channels'),
  credentials: z.array(z.string()).default([]).describe('Names of credentials the tenant has'),
  entities: z.array(z.string()).default([]).describe('Record entities of the tenant data store'),
  events: z.array(z.string()).default([]).describe('Event names published for the tenant'),
  allowedHosts: z
    .array(z.string())
    .default([])
    .describe('Hosts HTTP steps may call: "api.example.com", or "*.example.com" for its subdomains'),
  allowedNodeTypes: z
    .array(z.enum(NODE_TYPES as [NodeType, ...NodeType[]]))
    .optional()
    .describe('Node types the tenant allows; default all'),
  conversation: z.array(ConversationMessage).default([]).describe('The thread so far, oldest first'),
  templates: z
    .array(WorkflowDocument)
    .optional()
    .describe('Candidate example workflows; the most relevant few are shown to the model'),
});

/** The context as callers write it (defaults may be left out). */
export type PlanningContextInput = z.input<typeof PlanningContext>;
export type PlanningContext = z.output<typeof PlanningContext>;
export type KnownPerson = z.infer<typeof KnownPerson>;

export function allowedNodeTypesOf(context: PlanningContext): readonly NodeType[] {
  return context.allowedNodeTypes ?? NODE_TYPES;
}
