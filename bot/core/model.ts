/**
 * The conversation core's contract with its adapters (DESIGN.md "Chat"): a transport-neutral
 * message model the core speaks, and what adapters hand it. Slack renders messages as Block Kit,
 * Teams as Adaptive Cards, the web chat as HTML; none of them decides anything.
 *
 * Terminology
 * - conversation: where a person talks to Switchboard (a DM, a channel, a web chat session); a
 *   thread inside it holds one draft workflow.
 * - incoming: a message, a command or a button press, already authenticated by its adapter.
 * - actor: the person behind an incoming, as a reference (`slack:user/U1`, `teams:user/<aad id>`,
 *   `email:ann@example.com` for web logins) in a tenant.
 * - action: a button on a message; `id` names the handler (`draft.activate`, `task.approve`, …),
 *   `value` is opaque data for it (e.g. a draft or task id).
 */

/** A piece of a message. Text is Markdown limited to **bold**, _italic_, `code`, [links](url) and line breaks. */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  /** Label/value pairs (approval facts, workflow properties). */
  | { type: 'facts'; facts: { label: string; value: string }[] }
  | { type: 'list'; items: string[]; ordered?: boolean }
  /** Small secondary text (who decided, timestamps, "replayed model response"). */
  | { type: 'context'; text: string }
  | { type: 'actions'; actions: Action[] }
  /** Typed inputs submitted together by `submit` (forms, manual run inputs). */
  | { type: 'inputs'; inputs: Input[]; submit: Action };

export interface Action {
  /** Handler name, e.g. `draft.activate`, `draft.discard`, `task.approve`, `task.reject`. */
  id: string;
  label: string;
  /** Opaque data for the handler (an id, or JSON). At most 2,000 characters. */
  value: string;
  style?: 'primary' | 'danger';
  /**
   * Ask for text before the action is submitted (a rejection reason): Slack opens a modal, Teams
   * shows a card input, the web a textarea. The answer arrives as `inputs.comment`.
   */
  prompt?: { label: string; required: boolean };
}

export interface Input {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'boolean' | 'date' | 'select';
  options?: string[];
  required: boolean;
  initial?: string;
}

export interface OutgoingMessage {
  /** Plain fallback text for notifications and clients that cannot show blocks. */
  text: string;
  blocks: Block[];
}

export type Platform = 'slack' | 'teams' | 'web';

/** Where an incoming happened; `thread` identifies the draft's thread (null outside threads). */
export interface ConversationRef {
  platform: Platform;
  /** Platform id of the conversation (Slack channel id, Teams conversation id, web session id). */
  channel: string;
  thread: string | null;
  /** A one-to-one conversation with the bot. */
  direct: boolean;
}

export interface Actor {
  tenantId: string;
  /** The person as a reference, e.g. `slack:user/U1`. */
  person: string;
  displayName?: string;
  /** BCP 47, when the platform says. */
  locale?: string;
}

export type Incoming =
  /** A message to the bot (DM, mention, or a reply in a draft's thread); mention markup removed. */
  | { kind: 'message'; actor: Actor; conversation: ConversationRef; text: string }
  /** `/switchboard <text>` (Slack slash command, Teams/web equivalent). */
  | { kind: 'command'; actor: Actor; conversation: ConversationRef; text: string }
  /** A button press or a submitted set of inputs. */
  | {
      kind: 'action';
      actor: Actor;
      conversation: ConversationRef;
      actionId: string;
      value: string;
      /** Values of `inputs` blocks and of an action's `prompt` (`comment`). */
      inputs?: Record<string, string>;
      /** The message the button was on, so the core can replace it. */
      message?: MessageHandle;
    };

/** A posted message, as its adapter identifies it (Slack channel + ts, Teams activity id, web id). */
export interface MessageHandle {
  platform: Platform;
  /** Adapter-defined, JSON-serialisable. */
  address: unknown;
}

/**
 * How the core answers, bound by the adapter to one incoming. Adapters acknowledge the platform
 * before the core runs (Slack's 3 s window): the core may post "planning…" and update it later.
 */
export interface Responder {
  /** Posts to the incoming's conversation, in its thread when it has one. */
  post(message: OutgoingMessage): Promise<MessageHandle>;
  /** Replaces a message posted before. */
  update(handle: MessageHandle, message: OutgoingMessage): Promise<void>;
  /** A message only the actor sees (Slack ephemeral, Teams/web private reply). */
  postPrivate(message: OutgoingMessage): Promise<void>;
}

/** The transport-neutral core every adapter calls. */
export interface ConversationCore {
  handle(incoming: Incoming, responder: Responder): Promise<void>;
}
