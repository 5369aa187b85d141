import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { Actor, ConversationRef, Incoming, MessageHandle } from '../core/model.js';
import { FIELD_INPUT_PREFIX } from './render.js';

/**
 * Teams activities in the neutral model: who (actor), where (conversation), and what (a
 * message with the bot's mention removed, or an `Action.Execute` press with its inputs).
 *
 * Channel conversations: Teams gives a message in a channel thread the conversation id
 * `<channel id>;messageid=<root message id>`. The neutral conversation is the channel id, and the
 * thread is the root message id, so a top-level post and the replies under it share one thread
 * (one draft). Personal and group chats have no threads.
 */

/** Name of the invoke Teams sends for `Action.Execute`. */
export const ACTION_INVOKE_NAME = 'adaptiveCard/action';

/** What a Teams message handle's address holds: where the message is and its activity id. */
export interface TeamsMessageAddress {
  conversationReference: ConversationReference;
  activityId: string;
}

/** The Teams tenant (Entra directory) an activity comes from, when it says. */
export function teamsTenantOf(activity: Pick<Activity, 'channelData' | 'conversation'>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData !== '') return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : undefined;
}

/** `teams:user/<Entra object id>`, or the Bot Framework user id when Teams gives no object id. */
export function personOf(account: { id?: string; aadObjectId?: string } | undefined): string | undefined {
  const id = account?.aadObjectId || account?.id;
  return id ? `teams:user/${id}` : undefined;
}

/** The channel id and thread root of a conversation id (see the module comment). */
export function splitConversationId(conversationId: string): { channel: string; thread: string | null } {
  const match = /^(.*);messageid=(\d+)$/.exec(conversationId);
  return match ? { channel: match[1]!, thread: match[2]! } : { channel: conversationId, thread: null };
}

export function isPersonal(activity: Pick<Activity, 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'personal';
}

export function actorOf(activity: Activity, tenantId: string): Actor | undefined {
  const person = personOf(activity.from);
  if (!person) return undefined;
  const actor: Actor = { tenantId, person };
  if (activity.from?.name) actor.displayName = activity.from.name;
  if (activity.locale) actor.locale = activity.locale;
  return actor;
}

export function conversationOf(activity: Activity): ConversationRef {
  const { channel, thread } = splitConversationId(activity.conversation?.id ?? '');
  return { platform: 'teams', channel, thread, direct: isPersonal(activity) };
}

/** A message to the bot with its mention removed, or undefined when there is no text. */
export function messageIncoming(activity: Activity, tenantId: string): Incoming | undefined {
  const actor = actorOf(activity, tenantId);
  const text = messageText(activity);
  if (!actor || text === '') return undefined;
  return { kind: 'message', actor, conversation: conversationOf(activity), text };
}

/** The text of a message activity without the bot's `<at>` mention (other mentions keep their names). */
export function messageText(activity: Pick<Activity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; mentioned?: { id?: string }; text?: unknown };
    if (mention.type?.toLowerCase() !== 'mention' || typeof mention.text !== 'string') continue;
    if (mention.mentioned?.id === activity.recipient?.id) text = text.split(mention.text).join(' ');
  }
  return text
    .replace(/<at>([^<]*)<\/at>/gi, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * An `Action.Execute` press: `verb` is the action id, `data.value` its value; prompt answers
 * arrive as `inputs.comment`, form fields under their keys. Undefined when it is not one of ours.
 */
export function actionIncoming(activity: Activity, tenantId: string): Incoming | undefined {
  const actor = actorOf(activity, tenantId);
  const action = (
    activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined
  )?.action;
  if (!actor || action?.type !== 'Action.Execute' || typeof action.verb !== 'string') return undefined;
  const data = (typeof action.data === 'object' && action.data !== null ? action.data : {}) as Record<
    string,
    unknown
  >;
  if (typeof data.value !== 'string') return undefined;
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith(FIELD_INPUT_PREFIX) && value !== undefined && value !== null) {
      inputs[key.slice(FIELD_INPUT_PREFIX.length)] = String(value);
    }
  }
  if (typeof data.prompt === 'string' && typeof data[data.prompt] === 'string') {
    inputs.comment = data[data.prompt] as string;
  }
  const incoming: Incoming = {
    kind: 'action',
    actor,
    conversation: conversationOf(activity),
    actionId: action.verb,
    value: data.value,
  };
  if (Object.keys(inputs).length > 0) incoming.inputs = inputs;
  if (activity.replyToId)
    incoming.message = messageHandle(activity.getConversationReference(), activity.replyToId);
  return incoming;
}

export function messageHandle(reference: ConversationReference, activityId: string): MessageHandle {
  const address: TeamsMessageAddress = { conversationReference: withoutActivityId(reference), activityId };
  return { platform: 'teams', address };
}

/** A conversation reference for posting later: no activity to reply to. */
export function withoutActivityId(reference: ConversationReference): ConversationReference {
  const { activityId: _ignored, ...rest } = reference;
  return JSON.parse(JSON.stringify(rest)) as ConversationReference;
}

/** The address of a Teams message handle, checked. */
export function addressOf(handle: MessageHandle | { address: unknown }): TeamsMessageAddress {
  const address = handle.address as Partial<TeamsMessageAddress> | null;
  if (
    typeof address?.activityId !== 'string' ||
    typeof address.conversationReference?.conversation?.id !== 'string' ||
    typeof address.conversationReference.serviceUrl !== 'string'
  ) {
    throw new TypeError(
      'Not the address of a Teams message: expected { conversationReference, activityId }.',
    );
  }
  return address as TeamsMessageAddress;
}
