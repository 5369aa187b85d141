import { isPersonReference, parseReference } from '../../reference.js';
import { nodeLabel } from '../wording.js';
import { list, type NodeRule } from './rule.js';

/** People who must act (approvers, assignees): a person or a group, not a channel. */
export function peopleOnly(field: string, role: string): NodeRule {
  return (node, { report }) => {
    (list(node.raw[field]) ?? []).forEach((entry, i) => {
      const parsed = typeof entry === 'string' ? parseReference(entry) : null;
      if (parsed === null || parsed.kind === 'group' || isPersonReference(parsed)) return;
      report(
        'reference.not_person',
        `${node.pointer}/${field}/${i}`,
        `${nodeLabel(node)} field "${field}[${i}]" is the channel "${entry}", but ${role} must be people or groups. Name a person (slack:user/…, teams:user/…, email:…, requester) or a group (group:…); to post in a channel, add a chat step.`,
      );
    });
  };
}
