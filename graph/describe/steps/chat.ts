import { parseReference } from '../../reference.js';
import type { StepDescriber } from '../context.js';
import type { Messages } from '../messages/catalogue.js';
import { excerpt } from '../words/inline.js';
import { referenceInWords } from '../words/reference.js';

export const describeChat: StepDescriber<'chat'> = (node, { m }) => ({
  summary: m.chat(chatRecipient(node.to, m)),
  details: [m.sentence(m.chatText, m.quote(excerpt(node.text)))],
  onward: { next: node.next },
});

/** A message to a group goes to each member (GRAPH.md), so say so. */
function chatRecipient(reference: string, m: Messages): string {
  const parsed = parseReference(reference);
  return parsed?.kind === 'group' ? m.eachMemberOfGroup(parsed.name) : referenceInWords(reference, m);
}
