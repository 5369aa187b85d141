import { webApi } from '@slack/bolt';
import type { PeopleDirectory } from '../../engine/index.js';
import { canonicalReference, parseReference } from '../../graph/index.js';
import { findPerson, linkChatUser } from '../../store/index.js';
import type { WithTenant } from './messages.js';
import { slackPersonOf } from './people.js';
import type { SlackWebClient } from './web-client.js';
import type { SlackWorkspace } from './workspace.js';

/**
 * People named by email whom Slack knows are reached in Slack before they ever talk to the bot.
 * In the tenant of the token's workspace, asking `contactOf('email:ann@example.com')` about
 * someone with no preferred reference asks Slack (`users.lookupByEmail`, scope
 * `users:read.email`). A Slack user with that address is linked to it as `users.info` links
 * people who talk to us (people.ts), which makes Slack where they are reached; later notices find
 * that link in the database. Addresses Slack does not know are remembered in this process for an
 * hour (a cache only). When Slack cannot answer, the email reference is the answer and `onError`
 * hears why: a task notice never fails because of the lookup. Other tenants and other references
 * are the wrapped directory's business alone.
 */

export interface SlackLookupOptions {
  client: SlackWebClient;
  /** The token's workspace (resolved once and shared with the channel); only its tenant asks Slack. */
  workspace: () => Promise<SlackWorkspace>;
  withTenant: WithTenant;
  /** Called when Slack does not answer (scope missing, network); the person is reached by email. */
  onError?: (email: string, error: unknown) => void;
  /** How long an address Slack does not know is not asked about again; default one hour. */
  ttlMs?: number;
  /** Most unknown addresses remembered; default 5,000. */
  maxEntries?: number;
  now?: () => number;
}

/** `directory`, with people named by email looked up in the Slack workspace when it knows nothing better. */
export function withSlackLookup(directory: PeopleDirectory, options: SlackLookupOptions): PeopleDirectory {
  const unknown = createExpiringSet(options);
  const asking = new Map<string, Promise<string>>();

  const lookUp = async (tenantId: string, reference: string, email: string, key: string) => {
    // Someone who chose to be reached by email stays so (linkChatUser would keep that too).
    const person = await options.withTenant(tenantId, (tx) => findPerson(tx, reference));
    if (person?.preferredReference) return person.preferredReference;
    const userId = await slackUserWithEmail(options.client, email);
    if (userId === null) {
      unknown.add(key);
      return reference;
    }
    // The email reference is canonical, as linkChatUser stores it: an approver named
    // `email:Dee@Example.com` is the person of the Slack user with dee@example.com.
    const linked = await options.withTenant(tenantId, (tx) => linkChatUser(tx, slackPersonOf(userId), email));
    return linked.preferredReference ?? reference;
  };

  const contactInSlack = async (tenantId: string, reference: string, email: string) => {
    const key = `${tenantId}/${reference}`;
    if (unknown.has(key)) return reference;
    const workspace = await options.workspace();
    if (workspace.tenantId !== tenantId) return reference;
    let answer = asking.get(key);
    if (answer === undefined) {
      answer = lookUp(tenantId, reference, email, key).finally(() => asking.delete(key));
      asking.set(key, answer);
    }
    return answer;
  };

  return {
    groupMembers: (tenantId, group) => directory.groupMembers(tenantId, group),
    emailOf: (tenantId, person) => directory.emailOf(tenantId, person),
    identitiesOf: (tenantId, reference) => directory.identitiesOf(tenantId, reference),
    async contactOf(tenantId, asked) {
      const reference = canonicalReference(asked);
      const contact = await directory.contactOf(tenantId, reference);
      if (contact !== reference) return contact;
      const parsed = parseReference(reference);
      if (parsed?.kind !== 'email') return contact;
      try {
        return await contactInSlack(tenantId, reference, parsed.address);
      } catch (error) {
        options.onError?.(parsed.address, error);
        return contact;
      }
    },
  };
}

/** The id of the workspace's user with this email, or null when Slack knows none (or only a deactivated one). */
async function slackUserWithEmail(client: SlackWebClient, email: string): Promise<string | null> {
  try {
    const { user } = await client.users.lookupByEmail({ email });
    return user?.id && !user.deleted ? user.id : null;
  } catch (error) {
    if (error instanceof webApi.WebAPIPlatformError && error.data.error === 'users_not_found') return null;
    throw error;
  }
}

/** Keys remembered for `ttlMs`, at most `maxEntries` (the oldest make room). */
function createExpiringSet(options: { ttlMs?: number; maxEntries?: number; now?: () => number }) {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  return {
    has(key: string): boolean {
      const expires = expiries.get(key);
      if (expires === undefined) return false;
      if (expires > now()) return true;
      expiries.delete(key);
      return false;
    },
    add(key: string): void {
      expiries.delete(key);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value!);
      expiries.set(key, now() + ttlMs);
    },
  };
}
