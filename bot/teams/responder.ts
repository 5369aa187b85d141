import type { ConversationReference } from '@microsoft/agents-activity';
import type { Actor, MessageHandle, OutgoingMessage, Responder } from '../core/model.js';
import type { TeamsAddressBook } from './addresses.js';
import type { TeamsConnector } from './connector.js';
import { addressOf, messageHandle } from './incoming.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardActivity, plainText, renderCard } from './render.js';

/**
 * How the core answers one Teams incoming. Posts and updates go out through the connector (they
 * may come long after the request was acknowledged); while an `Action.Execute` invoke is still
 * waiting for its answer, the first update of the pressed card, or a private message in a channel,
 * becomes that answer: Teams replaces the card for the person who pressed it (a card refresh), or
 * shows them the text.
 *
 * Updates of the pressed card go only to the presser in channels and group chats, because a card
 * may be rendered for its viewer ("you approved; waiting for the others"); the copies everyone
 * sees are replaced by the engine's task channel. In a personal chat the message itself is
 * replaced too, so that every device shows the same card.
 */

/** The body of an `adaptiveCard/action` invoke response. */
export interface ActionInvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

export const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/** The pending answer of an `Action.Execute` invoke. */
export interface InvokeAnswer {
  /** Id of the message holding the pressed card. */
  readonly cardActivityId: string | undefined;
  readonly answered: boolean;
  answer(body: ActionInvokeBody): void;
}

export interface TeamsResponderOptions {
  connector: TeamsConnector;
  addresses: TeamsAddressBook;
  tenantId: string;
  actor: Actor;
  /** Where the incoming happened (its thread included), without an activity to reply to. */
  reference: ConversationReference;
  /** A personal chat with the bot. */
  direct: boolean;
  invoke?: InvokeAnswer;
}

export function createTeamsResponder(options: TeamsResponderOptions): Responder {
  const { connector, reference, invoke } = options;
  const pending = () => invoke !== undefined && !invoke.answered;

  const post = async (message: OutgoingMessage): Promise<MessageHandle> => {
    const activityId = await connector.send(reference, withSummary(message));
    return messageHandle(reference, activityId);
  };

  return {
    post,
    async update(handle, message) {
      const address = addressOf(handle);
      if (pending() && address.activityId === invoke!.cardActivityId) {
        invoke!.answer({ statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderCard(message) });
        if (!options.direct) return;
      }
      await connector.update(address.conversationReference, address.activityId, withSummary(message));
    },
    async postPrivate(message) {
      if (options.direct) {
        await post(message);
        return;
      }
      if (pending()) {
        invoke!.answer({ statusCode: 200, type: INVOKE_MESSAGE_TYPE, value: plainText(message) });
        return;
      }
      const personal = await options.addresses.conversationFor(options.tenantId, options.actor.person);
      await connector.send(personal, withSummary(message));
    },
  };
}

/** The card activity, with the fallback text as the notification summary. */
function withSummary(message: OutgoingMessage) {
  return { ...cardActivity(message), summary: message.text };
}

/** A pending invoke answer that resolves `settled` when answered. */
export function createInvokeAnswer(cardActivityId: string | undefined): InvokeAnswer & {
  readonly body: ActionInvokeBody | undefined;
  readonly settled: Promise<void>;
} {
  let body: ActionInvokeBody | undefined;
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    cardActivityId,
    get answered() {
      return body !== undefined;
    },
    get body() {
      return body;
    },
    settled,
    answer(value) {
      if (body !== undefined) return;
      body = value;
      settle();
    },
  };
}
