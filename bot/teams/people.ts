import type { Activity } from '@microsoft/agents-activity';
import { parseReference } from '../../graph/index.js';
import { linkChatUser, type WithTenantFn } from '../../store/index.js';
import type { TeamsConnector } from './connector.js';
import { personOf, withoutActivityId } from './incoming.js';

/**
 * Who a Teams user is. The first time someone is seen, Teams' member lookup gives their email
 * (or user principal name); it becomes another reference of the same person
 * (`teams:user/<object id>` and `email:ann@example.com`), so approvers named by email may decide
 * from Teams; unless the person already has a preferred reference, Teams becomes it, so requests
 * for their email reach them in Teams.
 *
 * Who was looked up is cached in this process for an hour: a cache only (linking again is
 * harmless), not state another process needs.
 */

export interface TeamsPeople {
  /** Links the sender of `activity` to their email on first sight; never throws. */
  learn(tenantId: string, activity: Activity): Promise<void>;
}

export interface TeamsPeopleOptions {
  connector: TeamsConnector;
  withTenant: WithTenantFn;
  /** Called when Teams does not answer; the person is then known by their Teams reference only. */
  onError?: (person: string, error: unknown) => void;
  /** Default one hour. */
  ttlMs?: number;
  now?: () => number;
}

export function createTeamsPeople(options: TeamsPeopleOptions): TeamsPeople {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();

  return {
    async learn(tenantId, activity) {
      const person = personOf(activity.from);
      const userId = activity.from?.id;
      if (!person || !userId) return;
      const key = `${tenantId}/${person}`;
      if ((seen.get(key) ?? 0) > now()) return;
      if (seen.size >= 5000) seen.delete(seen.keys().next().value!);
      seen.set(key, now() + ttlMs);
      try {
        const member = await options.connector.memberOf(
          withoutActivityId(activity.getConversationReference()),
          userId,
        );
        const address = [member.email, member.userPrincipalName].find(
          (value) => value !== undefined && parseReference(`email:${value}`)?.kind === 'email',
        );
        await options.withTenant(tenantId, (tx) => linkChatUser(tx, person, address ?? null));
      } catch (error) {
        // Asked again next time rather than an hour later.
        seen.delete(key);
        options.onError?.(person, error);
      }
    },
  };
}
