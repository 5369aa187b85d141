import type { NodeOf } from '../../schema/node.js';
import { type StepContext, type StepDescriber, thisStep, warn } from '../context.js';
import { displayUrl, hostOfUrl } from '../host.js';
import { code, hasFields, jsonFields, list } from '../words/inline.js';

type Http = NodeOf<'http'>;

export const describeHttp: StepDescriber<'http'> = (node, ctx) => {
  const { m } = ctx;
  if (hostOfUrl(node.url).computed) warn(ctx, 'host_computed', m.warnHostComputed(thisStep(ctx)));
  return {
    summary: m.http(node.method, code(displayUrl(node.url))),
    details: [
      ...(node.auth === undefined ? [] : [m.credential(m.quote(node.auth.credential))]),
      ...names(m.headers, node.headers, ctx),
      ...names(m.query, node.query, ctx),
      ...body(node, ctx),
      ...(node.expect === undefined ? [] : [m.sentence(m.expect, node.expect.join(', '))]),
    ],
    onward: { next: node.next },
  };
};

/** Header and query names only: their values may be long templates and are not behaviour to approve. */
function names(label: string, map: Record<string, string> | undefined, { m }: StepContext): string[] {
  const keys = Object.keys(map ?? {});
  return keys.length === 0 ? [] : [m.sentence(label, list(keys.map(code), m))];
}

function body(node: Http, { m }: StepContext): string[] {
  if (node.body === undefined) return [];
  if (!hasFields(node.body)) return [`${m.jsonBody}.`];
  return [`${m.jsonBodyFields(jsonFields(node.body, m), Object.keys(node.body).length)}.`];
}
