import { z } from 'zod';
import { commonFields, JsonValue, Next, Template } from '../schema/common.js';
import { defineNode, jsonTemplates, mapTemplates, nextEdge, template } from './spec.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/** Credential names as the tenant stores them. */
export const CredentialName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, {
  message: 'must be a credential name: lower-case letters, digits, "_" and "-", starting with a letter',
});

export const HttpNode = z
  .strictObject({
    ...commonFields,
    type: z.literal('http'),
    method: z.enum(HTTP_METHODS),
    url: Template.min(1).max(2048).describe('http(s) URL template'),
    headers: z.record(z.string(), Template).optional(),
    query: z.record(z.string(), Template).optional(),
    body: JsonValue.optional().describe('JSON body; strings may be templates'),
    auth: z
      .strictObject({ credential: CredentialName })
      .optional()
      .describe('A credential stored for the tenant'),
    expect: z
      .array(z.int().min(100).max(599))
      .min(1)
      .max(50)
      .optional()
      .describe('Acceptable statuses; default any 2xx'),
    next: Next,
  })
  .describe('Call an HTTP API');

export const http = defineNode({
  type: 'http',
  schema: HttpNode,
  summary: 'Call an HTTP API with a templated request; the response is the output.',
  sideEffects: true,
  hasNext: true,
  example: {
    id: 'post_invoice',
    type: 'http',
    name: 'Post to accounting',
    method: 'POST',
    url: 'https://accounting.example.com/api/invoices',
    auth: { credential: 'accounting_api' },
    body: { number: '{{ trigger.number }}', amount: '{{ trigger.amount }}' },
    next: 'email_vendor',
  },
  edges: (node) => nextEdge(node.next),
  graphs: () => [],
  expressions: (node) => [
    ...template('/url', node.url),
    ...mapTemplates('/headers', node.headers),
    ...mapTemplates('/query', node.query),
    ...jsonTemplates('/body', node.body),
  ],
  texts: () => [],
  references: () => [],
});
