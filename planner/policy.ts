/**
 * The policy check run after validation: a plan may only use what the tenant has. Text in the
 * person's description cannot widen this — the check reads the tenant context, not the prompt.
 *
 * - node types: only `allowedNodeTypes` (default all);
 * - HTTP hosts: only `allowedHosts` (exact host, `host:port`, or `*.domain` for subdomains); a
 *   host computed at run time cannot be checked and is refused;
 * - credentials, record entities, event names: only those the tenant has;
 * - people, groups and channels: known to the tenant, or written literally by the person (an
 *   email address they typed) — anything else was invented by the model.
 *
 * Violations are problems like the validator's and go to the same repair loop.
 */
import {
  canonicalReference,
  graphsOf,
  type Node,
  referencesOf,
  type WorkflowDocument,
} from '../graph/index.js';
import { allowedNodeTypesOf, type PlanningContext } from './context.js';
import { type PlanProblem, planProblem } from './problems.js';

export interface PolicyInput {
  document: WorkflowDocument;
  context: PlanningContext;
  /** What the person wrote (description, instruction, their messages, the document being edited). */
  given: string;
}

interface Located {
  node: Node;
  pointer: string;
}

/** Every policy violation of a validated document; empty when it keeps to the tenant's limits. */
export function checkPolicy({ document, context, given }: PolicyInput): PlanProblem[] {
  const nodes = locateNodes(document.nodes, '/nodes');
  return [
    ...checkTriggerEvent(document, context, given),
    ...nodes.flatMap((located) => checkNode(located, context, given)),
  ];
}

function checkNode({ node, pointer }: Located, context: PlanningContext, given: string): PlanProblem[] {
  const allowed = allowedNodeTypesOf(context);
  if (!allowed.includes(node.type)) {
    return [
      planProblem(
        'policy.node_type',
        `${pointer}/type`,
        `Node type "${node.type}" is not allowed for this tenant (allowed: ${allowed.join(', ')}). Build this step from allowed types, or answer with kind "refusal".`,
      ),
    ];
  }
  return [
    ...checkReferences(node, pointer, context, given),
    ...(node.type === 'http' ? checkHttp(node, pointer, context) : []),
    ...(node.type === 'record' ? checkEntity(node.entity, `${pointer}/entity`, context, given) : []),
    ...(node.type === 'wait' && node.event !== undefined
      ? checkEvent(node.event.name, `${pointer}/event/name`, context, given)
      : []),
  ];
}

function checkHttp(node: Extract<Node, { type: 'http' }>, pointer: string, context: PlanningContext) {
  const problems: PlanProblem[] = [];
  const host = hostOf(node.url);
  if (host === undefined) {
    problems.push(
      planProblem(
        'policy.host_computed',
        `${pointer}/url`,
        `The URL's host is computed at run time, so it cannot be checked against the allowed hosts (${listOrNone(context.allowedHosts)}). Write the host literally.`,
      ),
    );
  } else if (!isHostAllowed(host, context.allowedHosts)) {
    problems.push(
      planProblem(
        'policy.host_not_allowed',
        `${pointer}/url`,
        `The host "${host}" is not in the tenant's allowed hosts (${listOrNone(context.allowedHosts)}). Use an allowed host, or ask the person (kind "questions") which allowed system to call; an administrator must allow new hosts.`,
      ),
    );
  }
  const credential = node.auth?.credential;
  if (credential !== undefined && !context.credentials.includes(credential)) {
    problems.push(
      planProblem(
        'policy.unknown_credential',
        `${pointer}/auth/credential`,
        `The tenant has no credential "${credential}" (it has: ${listOrNone(context.credentials)}). Use one of those, or ask the person (kind "questions", topic "credential") which one to use.`,
      ),
    );
  }
  return problems;
}

function checkReferences(node: Node, pointer: string, context: PlanningContext, given: string) {
  // Canonical on both sides: `email:Ann@Example.com` is the known `email:ann@example.com`.
  const known = new Set(context.people.map((person) => canonicalReference(person.reference)));
  return referencesOf(node)
    .filter((site) => site.reference !== 'requester' && !known.has(canonicalReference(site.reference)))
    .filter((site) => !isGiven(addressOf(site.reference), given))
    .map((site) =>
      planProblem(
        'policy.unknown_person',
        `${pointer}${site.pointer}`,
        `"${site.reference}" is neither a known person, group or channel of the tenant nor given by the person. Use a known one (${listOrNone([...known])}), "requester", or ask (kind "questions", topic "person" or "approver").`,
      ),
    );
}

function checkEntity(entity: string, pointer: string, context: PlanningContext, given: string) {
  if (context.entities.includes(entity) || isGiven(entity, given)) return [];
  return [
    planProblem(
      'policy.unknown_entity',
      pointer,
      `The tenant has no record entity "${entity}" (it has: ${listOrNone(context.entities)}). Use one of those, or ask (kind "questions", topic "entity").`,
    ),
  ];
}

function checkEvent(event: string, pointer: string, context: PlanningContext, given: string) {
  if (context.events.includes(event) || isGiven(event, given)) return [];
  return [
    planProblem(
      'policy.unknown_event',
      pointer,
      `No event "${event}" is published for the tenant (known events: ${listOrNone(context.events)}). Use one of those, or ask (kind "questions", topic "event").`,
    ),
  ];
}

function checkTriggerEvent(document: WorkflowDocument, context: PlanningContext, given: string) {
  return document.trigger.type === 'event'
    ? checkEvent(document.trigger.event, '/trigger/event', context, given)
    : [];
}

/** Every node of the document with its JSON Pointer, nested graphs included. */
function locateNodes(nodes: readonly Node[], base: string): Located[] {
  return nodes.flatMap((node, i) => {
    const pointer = `${base}/${i}`;
    const nested = graphsOf(node).flatMap((graph) =>
      locateNodes(graph.nodes as Node[], `${pointer}${graph.pointer}`),
    );
    return [{ node, pointer }, ...nested];
  });
}

// The authority runs to the first "/", "?" or "#"; a `{{` in it means it is computed.
const AUTHORITY = /^\s*https?:\/\/([^/?#\s]*)/i;

/** The lower-case host (with port, without user information), or undefined when computed. */
export function hostOf(url: string): string | undefined {
  const match = AUTHORITY.exec(url);
  if (match === null) return undefined;
  const authority = (match[1] ?? '').slice((match[1] ?? '').lastIndexOf('@') + 1);
  return authority === '' || authority.includes('{') ? undefined : authority.toLowerCase();
}

/** `api.example.com` allows that host on any port; `*.example.com` its subdomains; `h:8443` that port. */
export function isHostAllowed(host: string, allowed: readonly string[]): boolean {
  const bare = host.replace(/:\d+$/, '');
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    if (rule.startsWith('*.')) return bare.endsWith(rule.slice(1));
    return rule.includes(':') ? rule === host : rule === bare;
  });
}

/** `email:ann@x.com` → `ann@x.com`; other references as they are. */
function addressOf(reference: string): string {
  return reference.startsWith('email:') ? reference.slice('email:'.length) : reference;
}

/** Whether the person wrote this value themselves (case-insensitive, as a whole token). */
function isGiven(value: string, given: string): boolean {
  if (value.length < 3) return false;
  const escaped = value.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9_@.-])${escaped}($|[^a-z0-9_@-])`).test(given.toLowerCase());
}

function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
