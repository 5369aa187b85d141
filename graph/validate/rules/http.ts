import { escapePointer } from '../../nodes/spec.js';
import { nodeLabel } from '../wording.js';
import { type NodeRule, object } from './rule.js';

const bodyIsSent: NodeRule = (node, { report }) => {
  const method = node.raw.method;
  if (node.raw.body === undefined || (method !== 'GET' && method !== 'HEAD')) return;
  report(
    'http.body_unused',
    `${node.pointer}/body`,
    `${nodeLabel(node)} is a ${method} request with a "body", which ${method} does not send. Put the values in "query", or use POST, PUT or PATCH.`,
  );
};

const AUTH_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

/** A secret written into the document would be stored, shown and sent to LLMs in plain text. */
const noLiteralSecrets: NodeRule = (node, { report }) => {
  for (const [name, value] of Object.entries(object(node.raw.headers) ?? {})) {
    if (!AUTH_HEADERS.has(name.toLowerCase()) || typeof value !== 'string' || value.includes('{{')) continue;
    report(
      'http.secret_in_header',
      `${node.pointer}/headers/${escapePointer(name)}`,
      `${nodeLabel(node)} writes a secret into the "${name}" header. Store it as a credential and use "auth": { "credential": "<name>" } instead; documents are shown to people and LLMs.`,
    );
  }
};

export const httpRules: NodeRule[] = [bodyIsSent, noLiteralSecrets];
