import { linkChatUser } from '../../store/index.js';
import type { WithTenant } from './messages.js';
import type { SlackWebClient } from './web-client.js';

/**
 * Who a Slack user is. The first time a user is seen, `users.info` gives their name, locale and
 * email (scope `users:read.email`); the email becomes another reference of the same person
 * (`slack:user/U1` and `email:ann@example.com`), so approvers named by email may decide from
 * Slack; unless the person already has a preferred reference, Slack becomes it, so requests for
 * their email reach them in Slack.
 *
 * What Slack said is cached in this process for an hour: a cache only (linking again is
 * harmless), not state another process needs.
 */

export interface SlackProfile {
  displayName?: string;
  locale?: string;
  email?: string;
}

export interface SlackPeople {
  /** The user's profile (empty when Slack would not say); links their email on first sight. */
  profileOf(tenantId: string, userId: string): Promise<SlackProfile>;
}

export interface SlackPeopleOptions {
  client: SlackWebClient;
  withTenant: WithTenant;
  /** Called when Slack does not answer; the user is then known by their Slack id only. */
  onError?: (userId: string, error: unknown) => void;
  /** Default one hour. */
  ttlMs?: number;
  /** Most users cached; default 5,000. */
  maxEntries?: number;
  now?: () => number;
}

/** The person reference of a Slack user. */
export const slackPersonOf = (userId: string) => `slack:user/${userId}`;

export function createSlackPeople(options: SlackPeopleOptions): SlackPeople {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { profile: Promise<SlackProfile>; expires: number }>();

  const learn = async (tenantId: string, userId: string, key: string): Promise<SlackProfile> => {
    try {
      const { user } = await options.client.users.info({ user: userId, include_locale: true });
      const profile: SlackProfile = {};
      const name = user?.profile?.display_name || user?.real_name || user?.profile?.real_name;
      if (name) profile.displayName = name;
      if (user?.locale) profile.locale = user.locale;
      if (user?.profile?.email) profile.email = user.profile.email;
      const email = profile.email;
      if (email) await options.withTenant(tenantId, (tx) => linkChatUser(tx, slackPersonOf(userId), email));
      return profile;
    } catch (error) {
      // Asked again next time rather than an hour later.
      cache.delete(key);
      options.onError?.(userId, error);
      return {};
    }
  };

  return {
    profileOf(tenantId, userId) {
      const key = `${tenantId}/${userId}`;
      const cached = cache.get(key);
      if (cached && cached.expires > now()) return cached.profile;
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      const profile = learn(tenantId, userId, key);
      cache.set(key, { profile, expires: now() + ttlMs });
      return profile;
    },
  };
}
