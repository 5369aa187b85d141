import {
  canonicalReference,
  type ExpressionContext,
  parseReference,
  renderTemplate,
} from '../../graph/index.js';
import { PermanentStepError } from '../errors.js';
import type { PeopleDirectory } from '../people-directory.js';

/**
 * Email recipients (GRAPH.md `email.to/cc/bcc`): each entry is a reference (`email:ann@x.com`,
 * `group:finance`, `requester`, a Slack or Teams user), a bare address, or a template giving
 * either (several separated by commas). Groups expand to their members; people resolve to their
 * address through the directory. Anything that names nobody is a permanent failure that says so.
 */

// Deliberately simple, as graph/reference.ts: one @, no spaces, a dot in the domain.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export interface RecipientScope {
  tenantId: string;
  context: ExpressionContext;
  now: Date;
  directory: PeopleDirectory;
}

/**
 * The addresses of one field's entries, in order, without duplicates: `Ann@Example.com` and
 * `ann@example.com` are one recipient (addresses are case-insensitive in practice), mailed as
 * first written.
 */
export async function resolveRecipients(
  entries: readonly string[],
  scope: RecipientScope,
): Promise<string[]> {
  const addresses = new Map<string, string>();
  for (const entry of entries) {
    const values = entry.includes('{{') ? renderEntry(entry, scope) : [entry];
    for (const value of values) {
      for (const address of await resolveValue(value, scope, new Set())) {
        const key = canonicalReference(`email:${address}`);
        if (!addresses.has(key)) addresses.set(key, address);
      }
    }
  }
  return [...addresses.values()];
}

function renderEntry(entry: string, scope: RecipientScope): string[] {
  let rendered: string;
  try {
    rendered = renderTemplate(entry, scope.context, { now: scope.now });
  } catch (error) {
    throw new PermanentStepError(
      'email.template',
      `The recipient "${entry}" could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return rendered
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

async function resolveValue(
  value: string,
  scope: RecipientScope,
  seenGroups: Set<string>,
): Promise<string[]> {
  if (ADDRESS.test(value) && !value.includes(':')) return [value];
  const reference = parseReference(value);
  if (reference === null) {
    throw new PermanentStepError(
      'email.invalid_recipient',
      `"${value.slice(0, 200)}" is neither an email address nor a reference such as email:ann@example.com, group:finance or requester.`,
    );
  }
  switch (reference.kind) {
    case 'email':
      return [reference.address];
    case 'requester': {
      const requester = scope.context.run as { requester?: string | null } | undefined;
      if (!requester?.requester) {
        throw new PermanentStepError(
          'email.no_requester',
          'The email goes to "requester", but this run was not started by a known person (webhook, schedule or event).',
        );
      }
      return resolveValue(requester.requester, scope, seenGroups);
    }
    case 'group': {
      if (seenGroups.has(reference.name)) return [];
      seenGroups.add(reference.name);
      const members = await scope.directory.groupMembers(scope.tenantId, reference.name);
      if (members === null) {
        throw new PermanentStepError(
          'email.unknown_group',
          `There is no group "${reference.name}" in this workspace.`,
        );
      }
      const nested = await Promise.all(members.map((member) => resolveValue(member, scope, seenGroups)));
      return nested.flat();
    }
    case 'slack_channel':
    case 'teams_channel':
      throw new PermanentStepError(
        'email.invalid_recipient',
        `${value} is a chat channel, which has no email address; use a chat step, or give an address.`,
      );
    default: {
      const address = await scope.directory.emailOf(scope.tenantId, reference);
      if (address === null) {
        throw new PermanentStepError('email.no_address', `No email address is known for ${value}.`);
      }
      return [address];
    }
  }
}
