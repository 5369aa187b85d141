import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import { PermanentStepError } from '../../engine/index.js';
import {
  findTeamsConversation,
  findTeamsMember,
  type StoredConversationReference,
  saveTeamsConversation,
  saveTeamsMember,
  type WithTenantFn,
} from '../../store/index.js';
import type { TeamsConnector } from './connector.js';
import { personOf, splitConversationId, teamsTenantOf, withoutActivityId } from './incoming.js';

/**
 * Where the bot can reach people and channels later (proactive messages): every activity's
 * conversation reference is remembered (a personal chat under the person, a channel under the
 * channel, a group chat under itself) together with the sender, and references resolve to a
 * conversation — opening a personal chat with someone seen only in a channel.
 */

export interface TeamsAddressBook {
  /** Remembers the conversation of `activity` and its sender, in tenant `tenantId`. */
  remember(tenantId: string, activity: Activity): Promise<void>;
  /**
   * The conversation reaching `to` (`teams:user/<id>`, `teams:channel/<id>`); throws
   * `PermanentStepError` (`teams.unreachable`) when the bot has never seen the person or channel.
   */
  conversationFor(tenantId: string, to: string): Promise<ConversationReference>;
}

export function createTeamsAddressBook(
  connector: TeamsConnector,
  withTenant: WithTenantFn,
): TeamsAddressBook {
  return {
    async remember(tenantId, activity) {
      const reference = storedReferenceOf(activity);
      const key = conversationKeyOf(activity);
      const sender = activity.from?.id !== activity.recipient?.id ? personOf(activity.from) : undefined;
      await withTenant(tenantId, async (tx) => {
        if (key) await saveTeamsConversation(tx, key, asJson(reference));
        if (sender) await saveTeamsMember(tx, sender, asJson(reference));
      });
    },
    async conversationFor(tenantId, to) {
      if (!/^teams:(user|channel)\/.+$/.test(to)) {
        throw new PermanentStepError(
          'teams.invalid_recipient',
          `"${to.slice(0, 200)}" is not a Teams user or channel reference.`,
        );
      }
      const stored = await withTenant(tenantId, (tx) => findTeamsConversation(tx, to));
      if (stored) return stored as unknown as ConversationReference;
      const member = to.startsWith('teams:user/')
        ? ((await withTenant(tenantId, (tx) => findTeamsMember(tx, to))) as ConversationReference | undefined)
        : undefined;
      if (!member?.user?.id) throw unreachable(to);
      const teamsTenantId = member.conversation.tenantId ?? teamsTenantOf(member as unknown as Activity);
      if (!teamsTenantId) throw unreachable(to);
      const opened = await connector.openPersonalChat(member, member.user, teamsTenantId);
      await withTenant(tenantId, (tx) => saveTeamsConversation(tx, to, asJson(opened)));
      return opened;
    },
  };
}

/** The key a conversation is remembered under, or undefined for conversations we do not keep. */
function conversationKeyOf(activity: Activity): string | undefined {
  const conversation = activity.conversation;
  if (!conversation?.id) return undefined;
  if (conversation.conversationType === 'personal') return personOf(activity.from);
  if (conversation.conversationType === 'channel') {
    const channelId = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
    return `teams:channel/${typeof channelId === 'string' ? channelId : splitConversationId(conversation.id).channel}`;
  }
  return `teams:chat/${conversation.id}`;
}

/** The activity's reference for posting later: no reply target, no thread, the tenant filled in. */
function storedReferenceOf(activity: Activity): ConversationReference {
  const reference = withoutActivityId(activity.getConversationReference());
  const teamsTenantId = teamsTenantOf(activity);
  reference.conversation = {
    ...reference.conversation,
    id: splitConversationId(reference.conversation.id).channel,
    ...(teamsTenantId ? { tenantId: teamsTenantId } : {}),
  };
  return reference;
}

function asJson(reference: ConversationReference): StoredConversationReference {
  return JSON.parse(JSON.stringify(reference)) as StoredConversationReference;
}

function unreachable(to: string): PermanentStepError {
  return new PermanentStepError(
    'teams.unreachable',
    `Switchboard cannot reach ${to} in Microsoft Teams yet: the person must chat with the bot once (or the bot be added to the team of the channel).`,
  );
}
