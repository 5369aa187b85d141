/** The hosts and the people of a whole document, each once, in order of appearance. */
import { referencesOf } from '../registry.js';
import type { Node } from '../schema/node.js';
import { hostOfUrl } from './host.js';
import type { Messages } from './messages/catalogue.js';
import { allSteps } from './tree.js';
import type { DescribedPerson } from './types.js';
import { recipientInWords } from './words/reference.js';

/** Hosts written in URLs, and hosts that come from templates (known only at run time). */
export function hostsOf(nodes: Node[]): { hosts: string[]; computedHosts: string[] } {
  const found = allSteps(nodes).flatMap((node) => (node.type === 'http' ? [hostOfUrl(node.url)] : []));
  const unique = (computed: boolean) => [
    ...new Set(found.filter((h) => h.computed === computed).map((h) => h.host)),
  ];
  return { hosts: unique(false), computedHosts: unique(true) };
}

export function peopleOf(nodes: Node[], m: Messages): DescribedPerson[] {
  const references = allSteps(nodes).flatMap((node) => referencesOf(node).map((site) => site.reference));
  return [...new Set(references)].map((reference) => ({ reference, text: recipientInWords(reference, m) }));
}
