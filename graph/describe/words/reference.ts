import { parseReference } from '../../reference.js';
import type { Messages } from '../messages/catalogue.js';
import { code } from './inline.js';

/** A person or place in words: `group:finance` → "the finance group". Unknown forms stay as code. */
export function referenceInWords(reference: string, m: Messages): string {
  const parsed = parseReference(reference);
  if (parsed === null) return code(reference);
  switch (parsed.kind) {
    case 'requester':
      return m.requester;
    case 'email':
      return parsed.address;
    case 'group':
      return m.group(parsed.name);
    case 'slack_user':
      return m.slackUser(parsed.id);
    case 'slack_channel':
      return m.slackChannel(parsed.id);
    case 'teams_user':
      return m.teamsUser(parsed.id);
    case 'teams_channel':
      return m.teamsChannel(parsed.id);
  }
}

/** An email recipient: a reference, a bare address, or a template computed at run time. */
export function recipientInWords(value: string, m: Messages): string {
  if (value.includes('{{')) return m.computedAtRunTime(code(value));
  if (parseReference(value) === null && !value.includes(' ') && value.includes('@')) return value;
  return referenceInWords(value, m);
}
