import {
  type AnyMiddlewareArgs,
  App,
  type BlockAction,
  type Logger as BoltLogger,
  type ButtonAction,
  ExpressReceiver,
  LogLevel,
  type Middleware,
  type ViewSubmitAction,
} from '@slack/bolt';
import express, {
  type Express,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from 'express';
import { claimSlackKey, findSlackForm, isSlackThread, type Queryable } from '../../store/index.js';
import type { Actor, ConversationCore, ConversationRef, Incoming, Responder } from '../core/model.js';
import { otherTeamMessage, slackRequestGuard, teamOfBody } from './guard.js';
import { createSlackMessages, isDirectChannel, type SlackMessages, type WithTenant } from './messages.js';
import { formModal, type ModalContext, promptModal, readModalContext, readModalInputs } from './modals.js';
import { createSlackPeople, type SlackPeople, slackPersonOf } from './people.js';
import { decodeActionId, type FormSpec, OPEN_FORM_ACTION } from './render.js';
import { createSlackResponder, slackHandle } from './responder.js';
import { createSlackWebClient, type SlackWebClient, slackClientOptions } from './web-client.js';
import { connectWorkspace, type SlackWorkspace } from './workspace.js';

/**
 * The Slack adapter: a Bolt app that turns direct messages, mentions, replies in the bot's
 * threads, `/switchboard`, button presses and modal submissions into `Incoming`s for the
 * conversation core, and answers through a `Responder` bound to each.
 *
 * HTTP mode mounts `POST /slack/events` on our HTTP server (Bolt's ExpressReceiver on our router,
 * behind `slackRequestGuard`); Socket Mode (with an app token) connects out to Slack instead.
 * Every request is acknowledged at once and the core runs afterwards, so planning never holds
 * Slack's 3-second window. The workspace is the token's team (`auth.test` at start) and its
 * tenant is `slack:<TEAM_ID>`; other teams are refused.
 */

/** Where Slack sends events, commands and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';
/** The slash command. */
export const SLASH_COMMAND = '/switchboard';

export interface SlackLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface SlackAdapterOptions {
  core: ConversationCore;
  /** `SLACK_BOT_TOKEN` (xoxb-…), for the Web API. */
  botToken: string;
  /** `SLACK_SIGNING_SECRET`; required in HTTP mode. */
  signingSecret?: string | undefined;
  /** `SLACK_APP_TOKEN` (xapp-…): Socket Mode instead of HTTP. */
  appToken?: string | undefined;
  /** `SLACK_API_URL`: the Web API base URL; default Slack's. */
  apiUrl?: string | undefined;
  /** For finding or creating the workspace's tenant (administrative, outside tenant transactions). */
  db: Queryable;
  withTenant: WithTenant;
  logger: SlackLogger;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  readonly workspace: SlackWorkspace;
  /** Mounts `POST /slack/events` (HTTP mode; nothing in Socket Mode). */
  readonly routes: (app: Express) => void;
  /** Connects in Socket Mode; nothing to do in HTTP mode. */
  start(): Promise<void>;
  /** Resolves when the core has finished with everything received so far. */
  idle(): Promise<void>;
  /** Disconnects (Socket Mode) and waits for work in progress. */
  stop(): Promise<void>;
}

/** Connects to the workspace (`auth.test`) and builds the Bolt app; throws `SlackAuthError` for a bad token. */
export async function createSlackAdapter(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const mode = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) {
    throw new TypeError('The Slack adapter in HTTP mode needs SLACK_SIGNING_SECRET.');
  }
  const client = createSlackWebClient({ token: options.botToken, apiUrl: options.apiUrl });
  const workspace = await connectWorkspace(client, options.db);
  const messages = createSlackMessages(client, options.withTenant);
  const people = createSlackPeople({
    client,
    withTenant: options.withTenant,
    onError: (user, error) =>
      options.logger.warn('Slack users.info failed; the user is known by their Slack id only', {
        user,
        error: String(error),
      }),
  });
  const router = express.Router();
  const work = new Set<Promise<unknown>>();
  const track = (running: Promise<unknown>) => {
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    work.add(settled);
    void settled.finally(() => work.delete(settled));
  };
  const boltOptions = {
    token: options.botToken,
    botId: workspace.botId,
    botUserId: workspace.botUserId,
    tokenVerificationEnabled: false,
    clientOptions: slackClientOptions(options.apiUrl),
    logger: boltLogger(options.logger),
  };
  let app: App;
  if (mode === 'socket') {
    app = new App({ ...boltOptions, socketMode: true, appToken: options.appToken! });
  } else {
    router.post(
      SLACK_EVENTS_PATH,
      slackRequestGuard({
        signingSecret: options.signingSecret!,
        workspace,
        withTenant: options.withTenant,
        onRefused: (reason, details) => options.logger.warn('Slack request refused', { reason, ...details }),
      }),
    );
    const receiver = new TrackedExpressReceiver(
      {
        signingSecret: options.signingSecret!,
        router,
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: false,
        logger: boltLogger(options.logger),
      },
      track,
    );
    app = new App({ ...boltOptions, receiver });
  }

  const handlers = new SlackHandlers({ ...options, client, workspace, messages, people }, (task) =>
    track(task()),
  );
  handlers.register(app);

  const idle = async () => {
    while (work.size > 0) await Promise.allSettled([...work]);
  };
  let connected = false;
  return {
    mode,
    workspace,
    routes: (express) => {
      if (mode === 'http') express.use(router);
    },
    async start() {
      if (mode === 'socket' && !connected) {
        await app.start();
        connected = true;
      }
    },
    idle,
    async stop() {
      if (connected) {
        connected = false;
        await app.stop();
      }
      await idle();
    },
  };
}

/**
 * Bolt's Express receiver, reporting each request's whole handling (which goes on after the
 * response: listeners acknowledge first) so that `idle()` and `stop()` can wait for it.
 */
class TrackedExpressReceiver extends ExpressReceiver {
  constructor(
    options: ConstructorParameters<typeof ExpressReceiver>[0],
    private readonly track: (running: Promise<unknown>) => void,
  ) {
    super(options);
  }

  override requestHandler(req: ExpressRequest, res: ExpressResponse): Promise<void> {
    const running = super.requestHandler(req, res);
    this.track(running);
    return running;
  }
}

interface HandlerContext extends SlackAdapterOptions {
  client: SlackWebClient;
  workspace: SlackWorkspace;
  messages: SlackMessages;
  people: SlackPeople;
}

/** Slack's events and interactions as `Incoming`s; each listener acknowledges, then queues the work. */
class SlackHandlers {
  constructor(
    private readonly ctx: HandlerContext,
    private readonly later: (task: () => Promise<void>) => void,
  ) {}

  register(app: App): void {
    app.use(this.onlyOurTeam);
    app.event('app_mention', async ({ event, body }) => {
      // A mention in a direct message also arrives as a message event, handled there.
      if (isDirectChannel(event.channel) || !event.user) return;
      const user = event.user;
      const conversation = conversationOf(event.channel, event.thread_ts ?? event.ts);
      this.later(() =>
        this.onceForEvent(body.event_id, () =>
          this.deliver(user, conversation, (actor) => ({
            kind: 'message',
            actor,
            conversation,
            text: this.withoutMentions(event.text),
          })),
        ),
      );
    });
    app.event('message', async ({ event, body }) => {
      const message = event as {
        subtype?: string;
        bot_id?: string;
        user?: string;
        text?: string;
        channel: string;
        channel_type?: string;
        ts: string;
        thread_ts?: string;
      };
      if (!isPersonMessage(message) || !message.user) return;
      const user = message.user;
      const direct = message.channel_type === 'im';
      // In channels, mentions are app_mention's; other messages count in the bot's threads only.
      if (!direct && (!message.thread_ts || this.mentionsBot(message.text ?? ''))) return;
      const conversation = conversationOf(message.channel, message.thread_ts ?? message.ts, direct);
      this.later(() =>
        this.onceForEvent(body.event_id, async () => {
          if (!direct && !(await this.isBotThread(message.channel, message.thread_ts!))) return;
          await this.deliver(user, conversation, (actor) => ({
            kind: 'message',
            actor,
            conversation,
            text: this.withoutMentions(message.text ?? ''),
          }));
        }),
      );
    });
    app.command(SLASH_COMMAND, async ({ ack, command }) => {
      await ack();
      const conversation = conversationOf(command.channel_id, null);
      this.later(() =>
        this.deliver(
          command.user_id,
          conversation,
          (actor) => ({ kind: 'command', actor, conversation, text: command.text.trim() }),
          command.response_url,
        ),
      );
    });
    app.action({ type: 'block_actions' }, async ({ ack, body, action }) => {
      await ack();
      this.later(() => this.onBlockAction(body as BlockAction, action as ButtonAction));
    });
    // Every submission is acknowledged (closing the modal); only ours go on to the core.
    app.view({ callback_id: /.*/, type: 'view_submission' }, async ({ ack, body }) => {
      await ack();
      this.later(() => this.onViewSubmission(body as ViewSubmitAction));
    });
    app.error(async (error) => {
      this.ctx.logger.error('Slack request failed', { error: String(error), code: error.code });
    });
  }

  /** Refuses payloads of other workspaces (Socket Mode; in HTTP mode the guard already has). */
  private readonly onlyOurTeam: Middleware<AnyMiddlewareArgs> = async (args) => {
    const team = teamOfBody(args.body as Record<string, unknown>) ?? args.context.teamId;
    if (team === this.ctx.workspace.teamId) {
      await args.next();
      return;
    }
    this.ctx.logger.warn('Slack request refused', { reason: 'team', team: team ?? null });
    if ('ack' in args && typeof args.ack === 'function') {
      const message = otherTeamMessage(this.ctx.workspace.teamId, team);
      const ack = args.ack as (response?: unknown) => Promise<void>;
      await ack('command' in args ? { response_type: 'ephemeral', text: message } : undefined);
    }
  };

  private async onBlockAction(body: BlockAction, action: ButtonAction): Promise<void> {
    const container = body.container as { channel_id?: string; message_ts?: string; thread_ts?: string };
    const channel = body.channel?.id ?? container.channel_id;
    const messageTs = body.message?.ts ?? container.message_ts;
    if (!channel || action.type !== 'button') return;
    const thread =
      (body.message?.thread_ts as string | undefined) ?? container.thread_ts ?? messageTs ?? null;
    const conversation = conversationOf(channel, thread);
    const address = messageTs ? { channel, ts: messageTs } : null;
    const decoded = decodeActionId(action.action_id);
    const context: ModalContext = {
      actionId: decoded.id,
      value: action.value ?? '',
      conversation: { channel, thread, direct: conversation.direct },
      message: address,
    };
    if (decoded.id === OPEN_FORM_ACTION) {
      await this.openForm(body, context, conversation);
      return;
    }
    if (decoded.prompt) {
      await this.ctx.client.views.open({
        trigger_id: body.trigger_id,
        view: promptModal(decoded.prompt, action.text?.text ?? '', context),
      });
      return;
    }
    await this.deliver(
      body.user.id,
      conversation,
      (actor) => ({
        kind: 'action',
        actor,
        conversation,
        actionId: decoded.id,
        value: context.value,
        ...(address ? { message: slackHandle(address) } : {}),
      }),
      body.response_url,
    );
  }

  private async openForm(
    body: BlockAction,
    context: ModalContext,
    conversation: ConversationRef,
  ): Promise<void> {
    const spec = (await this.ctx.withTenant(this.ctx.workspace.tenantId, (tx) =>
      findSlackForm(tx, context.value),
    )) as FormSpec | null;
    if (!spec) {
      await this.responder(body.user.id, conversation, body.response_url).postPrivate({
        text: 'This form is no longer available.',
        blocks: [{ type: 'text', text: 'This form is no longer available.' }],
      });
      return;
    }
    const formContext = { ...context, actionId: spec.submit.id, value: spec.submit.value };
    await this.ctx.client.views.open({ trigger_id: body.trigger_id, view: formModal(spec, formContext) });
  }

  private async onViewSubmission(body: ViewSubmitAction): Promise<void> {
    const context = readModalContext(body.view);
    if (!context) return;
    const conversation: ConversationRef = { platform: 'slack', ...context.conversation };
    const inputs = readModalInputs(body.view.state?.values as Parameters<typeof readModalInputs>[0]);
    await this.deliver(body.user.id, conversation, (actor) => ({
      kind: 'action',
      actor,
      conversation,
      actionId: context.actionId,
      value: context.value,
      inputs,
      ...(context.message ? { message: slackHandle(context.message) } : {}),
    }));
  }

  /** Hands an incoming to the core; a failure is logged and the person told privately. */
  private async deliver(
    user: string,
    conversation: ConversationRef,
    incoming: (actor: Actor) => Incoming,
    responseUrl?: string,
  ): Promise<void> {
    const responder = this.responder(user, conversation, responseUrl);
    try {
      const actor = await this.actorOf(user);
      await this.ctx.core.handle(incoming(actor), responder);
    } catch (error) {
      this.ctx.logger.error('the conversation core failed on a Slack request', {
        user,
        channel: conversation.channel,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      const text = 'Sorry, something went wrong with that. The details are in the Switchboard log.';
      await responder.postPrivate({ text, blocks: [{ type: 'text', text }] }).catch(() => undefined);
    }
  }

  private responder(user: string, conversation: ConversationRef, responseUrl?: string): Responder {
    return createSlackResponder({
      messages: this.ctx.messages,
      tenantId: this.ctx.workspace.tenantId,
      conversation,
      user,
      responseUrl,
    });
  }

  private async actorOf(user: string): Promise<Actor> {
    const tenantId = this.ctx.workspace.tenantId;
    const profile = await this.ctx.people.profileOf(tenantId, user);
    const actor: Actor = { tenantId, person: slackPersonOf(user) };
    if (profile.displayName) actor.displayName = profile.displayName;
    if (profile.locale) actor.locale = profile.locale;
    return actor;
  }

  /** Runs `work` for the first delivery of an event only (Slack retries events it thinks were lost). */
  private async onceForEvent(eventId: string, work: () => Promise<void>): Promise<void> {
    const first = await this.ctx.withTenant(this.ctx.workspace.tenantId, (tx) =>
      claimSlackKey(tx, `event:${eventId}`, new Date(Date.now() + 3_600_000)),
    );
    if (first) await work();
  }

  private isBotThread(channel: string, threadTs: string): Promise<boolean> {
    return this.ctx.withTenant(this.ctx.workspace.tenantId, (tx) => isSlackThread(tx, channel, threadTs));
  }

  private mentionsBot(text: string): boolean {
    return text.includes(`<@${this.ctx.workspace.botUserId}`);
  }

  private withoutMentions(text: string): string {
    return stripMention(text, this.ctx.workspace.botUserId);
  }
}

/** `text` without `<@BOTID>` mentions (also `<@BOTID|name>`), trimmed. */
export function stripMention(text: string, botUserId: string): string {
  return text
    .replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** A conversation in Slack: the channel, the thread, and whether it is a DM with the bot. */
export function conversationOf(
  channel: string,
  thread: string | null,
  direct = isDirectChannel(channel),
): ConversationRef {
  return { platform: 'slack', channel, thread, direct };
}

/** Messages people wrote (not edits, deletions, joins or bot posts). */
function isPersonMessage(message: { subtype?: string; bot_id?: string }): boolean {
  const subtype = message.subtype;
  return (
    message.bot_id === undefined &&
    (subtype === undefined || subtype === 'file_share' || subtype === 'thread_broadcast')
  );
}

/** Bolt's logger interface over ours. */
function boltLogger(logger: SlackLogger): BoltLogger {
  const line = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug: (...parts) => logger.debug(`bolt: ${line(parts)}`),
    info: (...parts) => logger.info(`bolt: ${line(parts)}`),
    warn: (...parts) => logger.warn(`bolt: ${line(parts)}`),
    error: (...parts) => logger.error(`bolt: ${line(parts)}`),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
