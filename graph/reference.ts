/**
 * People and places (GRAPH.md "People and places"). References are plain strings in documents;
 * this module is the one place that knows their grammar.
 */

export type ParsedReference =
  | { kind: 'slack_user' | 'slack_channel' | 'teams_user' | 'teams_channel'; id: string }
  | { kind: 'email'; address: string }
  | { kind: 'group'; name: string }
  | { kind: 'requester' };

const SLACK_ID = /^[A-Z0-9][A-Z0-9]{1,31}$/;
const TEAMS_ID = /^[A-Za-z0-9][A-Za-z0-9:@._\-=]{0,199}$/;
const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mailer's job.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const REFERENCE_FORMS =
  'slack:user/U123ABC, slack:channel/C123ABC, teams:user/<aad-object-id>, teams:channel/<channel-id>, email:ann@example.com, group:finance or requester';

/** Parses a reference, or returns null when it is not one of the forms in REFERENCE_FORMS. */
export function parseReference(reference: string): ParsedReference | null {
  if (reference === 'requester') return { kind: 'requester' };
  const colon = reference.indexOf(':');
  if (colon < 0) return null;
  const scheme = reference.slice(0, colon);
  const rest = reference.slice(colon + 1);
  switch (scheme) {
    case 'slack':
      return parsePlatformReference('slack', rest, SLACK_ID);
    case 'teams':
      return parsePlatformReference('teams', rest, TEAMS_ID);
    case 'email':
      return EMAIL.test(rest) && rest.length <= 254 ? { kind: 'email', address: rest } : null;
    case 'group':
      return GROUP_NAME.test(rest) ? { kind: 'group', name: rest } : null;
    default:
      return null;
  }
}

function parsePlatformReference(
  platform: 'slack' | 'teams',
  rest: string,
  idPattern: RegExp,
): ParsedReference | null {
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const what = rest.slice(0, slash);
  const id = rest.slice(slash + 1);
  if ((what !== 'user' && what !== 'channel') || !idPattern.test(id)) return null;
  return { kind: `${platform}_${what}`, id };
}

/**
 * The form in which references are stored and compared: an `email:` reference with its address
 * lower-cased, since people write `email:Ann@Example.com` and mean the same person as
 * `email:ann@example.com` (addresses are case-insensitive in practice). Every other reference is
 * returned unchanged: Slack and Teams ids are case-sensitive, and group names are lower-case by
 * grammar. Sending mail to the address as written is fine; keys and comparisons use this form.
 */
export function canonicalReference(reference: string): string {
  return reference.startsWith('email:')
    ? `email:${reference.slice('email:'.length).toLowerCase()}`
    : reference;
}

/** True for references that name one person (as opposed to a channel or a group). */
export function isPersonReference(reference: ParsedReference): boolean {
  return (
    reference.kind !== 'slack_channel' && reference.kind !== 'teams_channel' && reference.kind !== 'group'
  );
}
