import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../graph/index.js';
import { PlanningContext } from './context.js';
import { checkPolicy, hostOf, isHostAllowed } from './policy.js';

const document = (nodes: unknown[], trigger: unknown = { type: 'webhook' }) =>
  ({ schema: 'switchboard/workflow@1', name: 'T', locale: 'en', trigger, nodes }) as WorkflowDocument;

const context = PlanningContext.parse({
  people: [{ reference: 'group:finance', label: 'Finance' }],
  credentials: ['erp_api'],
  entities: ['invoice'],
  events: ['invoice.created'],
  allowedHosts: ['erp.example.com', '*.zendesk.com'],
  allowedNodeTypes: ['http', 'chat', 'record', 'end'],
});

const codes = (doc: WorkflowDocument, given = '') =>
  checkPolicy({ document: doc, context, given }).map((p) => [p.code, p.pointer]);

describe('policy', () => {
  it('accepts what the tenant has', () => {
    const doc = document(
      [
        {
          id: 'a',
          type: 'http',
          method: 'GET',
          url: 'https://erp.example.com/x',
          auth: { credential: 'erp_api' },
          next: 'b',
        },
        { id: 'b', type: 'http', method: 'GET', url: 'https://acme.zendesk.com/api', next: 'c' },
        { id: 'c', type: 'record', entity: 'invoice', op: 'get', key: '1', next: 'd' },
        { id: 'd', type: 'chat', to: 'group:finance', text: 'hi' },
      ],
      { type: 'event', event: 'invoice.created' },
    );
    expect(codes(doc)).toEqual([]);
  });

  it('rejects hosts, credentials, node types, people, entities and events the tenant lacks', () => {
    const doc = document(
      [
        {
          id: 'a',
          type: 'http',
          method: 'GET',
          url: 'https://evil.example.net/x',
          auth: { credential: 'root' },
          next: 'b',
        },
        { id: 'b', type: 'http', method: 'GET', url: '{{ trigger.url }}', next: 'c' },
        { id: 'c', type: 'record', entity: 'payroll', op: 'get', key: '1', next: 'd' },
        { id: 'd', type: 'chat', to: 'slack:user/U0NOBODY1', text: 'hi', next: 'e' },
        { id: 'e', type: 'transform', set: { x: '1' } },
      ],
      { type: 'event', event: 'payroll.run' },
    );
    expect(codes(doc)).toEqual([
      ['policy.unknown_event', '/trigger/event'],
      ['policy.host_not_allowed', '/nodes/0/url'],
      ['policy.unknown_credential', '/nodes/0/auth/credential'],
      ['policy.host_computed', '/nodes/1/url'],
      ['policy.unknown_entity', '/nodes/2/entity'],
      ['policy.unknown_person', '/nodes/3/to'],
      ['policy.node_type', '/nodes/4/type'],
    ]);
  });

  it('knows a person of the tenant whatever the capitals of their address', () => {
    const withAnn = PlanningContext.parse({
      people: [{ reference: 'email:ann@acme.example', label: 'Ann' }],
    });
    const doc = document([{ id: 'a', type: 'chat', to: 'email:Ann@Acme.example', text: 'hi' }]);
    expect(checkPolicy({ document: doc, context: withAnn, given: 'Tell Ann.' })).toEqual([]);
  });

  it('lets the person name an email address or id they wrote, but never widens hosts', () => {
    const doc = document([
      { id: 'a', type: 'chat', to: 'email:ann@acme.example', text: 'hi', next: 'b' },
      { id: 'b', type: 'http', method: 'GET', url: 'https://evil.example.net/x' },
    ]);
    expect(codes(doc, 'Tell ann@acme.example. You may call https://evil.example.net.')).toEqual([
      ['policy.host_not_allowed', '/nodes/1/url'],
    ]);
  });

  it('reads hosts and matches allow-list rules', () => {
    expect(hostOf('https://user:pw@API.Example.com:8443/x?y')).toBe('api.example.com:8443');
    expect(hostOf('https://{{ vars.host }}/x')).toBeUndefined();
    expect(isHostAllowed('a.zendesk.com', ['*.zendesk.com'])).toBe(true);
    expect(isHostAllowed('zendesk.com.evil.net', ['*.zendesk.com'])).toBe(false);
    expect(isHostAllowed('erp.example.com:8443', ['erp.example.com'])).toBe(true);
    expect(isHostAllowed('erp.example.com:9000', ['erp.example.com:8443'])).toBe(false);
  });
});
