/**
 * A chat world for tests and `npm run demo`: an engine on a migrated database with the chat
 * executor, the people directory, the web chat as notifier and task channel for `email:`
 * people, run notices, and the conversation core with a planner on the given LLM client.
 * Web users stand in for people: their web messages are what they would see.
 */
import type pg from 'pg';
import {
  createChatExecutor,
  createEngine,
  createNotifierRegistry,
  createRunLogChannel,
  type Engine,
} from '../../../engine/index.js';
import type { LlmClient } from '../../../llm/index.js';
import { createPlanner } from '../../../planner/index.js';
import {
  createPeopleDirectory,
  DEFAULT_TENANT_ID,
  findWebUser,
  listWebMessages,
  type TenantTx,
  withTenant,
} from '../../../store/index.js';
import { createWebChannel } from '../../web/channel.js';
import { addWebUser } from '../../web/users.js';
import { createConversationCore } from '../core.js';
import type {
  Actor,
  ConversationCore,
  ConversationRef,
  Incoming,
  MessageHandle,
  OutgoingMessage,
  Responder,
} from '../model.js';
import { createRunNotices } from '../run-notices.js';

export const TENANT = DEFAULT_TENANT_ID;

export interface Clock {
  now(): Date;
  advance(ms: number): void;
}

/** A clock that moves only when told (starting in 2100, so every job of the fake past is due). */
export function fakeClock(start = Date.parse('2100-01-01T09:00:00Z')): Clock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface ChatWorld {
  pool: pg.Pool;
  clock: Clock;
  engine: Engine;
  core: ConversationCore;
  /** A web user (created with a throwaway password) as the core sees them. */
  person(email: string): Promise<ChatPerson>;
  stop(): Promise<void>;
}

export interface ChatPerson {
  email: string;
  actor: Actor;
  where: ConversationRef;
  userId: string;
  /** What the core answered this person directly (posts, updates in place, private replies). */
  responder: RecordingResponder;
  say(text: string): Promise<void>;
  click(
    actionId: string,
    value: string,
    options?: { inputs?: Record<string, string>; message?: MessageHandle },
  ): Promise<void>;
  /** Messages the web chat holds for this person (task cards, notices), oldest first. */
  inbox(): Promise<OutgoingMessage[]>;
}

export interface ChatWorldOptions {
  pool: pg.Pool;
  /** The planner's client; null: no LLM configured. */
  llm: LlmClient | null;
  clock?: Clock;
  publicUrl?: string;
}

export function createChatWorld(options: ChatWorldOptions): ChatWorld {
  const pool = options.pool;
  const clock = options.clock ?? fakeClock();
  const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => withTenant(pool, tenantId, fn);
  const directory = createPeopleDirectory(inTenant);
  const runLog = createRunLogChannel(inTenant);
  const notifier = createNotifierRegistry(runLog);
  notifier.register(['email'], createWebChannel({ pool, messages: runLog, tasks: runLog }));
  let engineRef: Engine | null = null;
  const notices = createRunNotices({
    engine: { getWorkflow: (tenantId, id) => (engineRef as Engine).getWorkflow(tenantId, id) },
    notifier,
  });
  const engine = createEngine({
    pool,
    clock,
    directory,
    notifier,
    executors: { chat: createChatExecutor({ notifier, directory }) },
    onRunFinished: (run) => notices.runFinished(run),
  });
  engineRef = engine;
  const core = createConversationCore({
    engine,
    planner: options.llm ? createPlanner(options.llm) : null,
    pool,
    clock,
    publicUrl: options.publicUrl ?? 'https://switchboard.example.com',
  });

  return {
    pool,
    clock,
    engine,
    core,
    async person(email) {
      await addWebUser(pool, { tenantId: TENANT, email, password: 'not-a-real-password' }).catch((error) => {
        if ((error as { code?: string }).code !== 'WEB_USER_EXISTS') throw error;
      });
      const user = await inTenant(TENANT, (tx) => findWebUser(tx, email));
      const userId = user!.id;
      const actor: Actor = { tenantId: TENANT, person: `email:${email}`, displayName: email };
      const where: ConversationRef = {
        platform: 'web',
        channel: `user:${userId}`,
        thread: null,
        direct: true,
      };
      const responder = new RecordingResponder();
      const handle = (incoming: Incoming) => core.handle(incoming, responder);
      return {
        email,
        actor,
        where,
        userId,
        responder,
        say: (text) => handle({ kind: 'message', actor, conversation: where, text }),
        click: (actionId, value, extra = {}) =>
          handle({
            kind: 'action',
            actor,
            conversation: where,
            actionId,
            value,
            ...(extra.inputs ? { inputs: extra.inputs } : {}),
            ...(extra.message ? { message: extra.message } : {}),
          }),
        inbox: async () =>
          (await inTenant(TENANT, (tx) => listWebMessages(tx, userId, { afterRev: 0, limit: 100 }))).map(
            (m) => m.message as OutgoingMessage,
          ),
      };
    },
    async stop() {
      await engine.stop();
    },
  };
}

/** A responder keeping every message the core posted, as it stands after updates. */
export class RecordingResponder implements Responder {
  readonly messages: { handle: MessageHandle; message: OutgoingMessage; updates: number }[] = [];
  readonly privates: OutgoingMessage[] = [];
  #next = 1;

  async post(message: OutgoingMessage): Promise<MessageHandle> {
    const handle: MessageHandle = { platform: 'web', address: { recorded: this.#next++ } };
    this.messages.push({ handle, message, updates: 0 });
    return handle;
  }

  async update(handle: MessageHandle, message: OutgoingMessage): Promise<void> {
    const entry = this.messages.find((m) => m.handle === handle || sameAddress(m.handle, handle));
    if (entry === undefined) throw new Error(`update of a message never posted: ${JSON.stringify(handle)}`);
    entry.message = message;
    entry.updates++;
  }

  async postPrivate(message: OutgoingMessage): Promise<void> {
    this.privates.push(message);
  }

  /** The newest posted message. */
  last(): { handle: MessageHandle; message: OutgoingMessage } {
    const entry = this.messages.at(-1);
    if (entry === undefined) throw new Error('nothing was posted');
    return entry;
  }
}

function sameAddress(a: MessageHandle, b: MessageHandle): boolean {
  return JSON.stringify(a.address) === JSON.stringify(b.address);
}

/** The id and value of the first action `actionId` on a message, or throws. */
export function actionOn(message: OutgoingMessage, actionId: string): { id: string; value: string } {
  for (const block of message.blocks) {
    if (block.type === 'actions') {
      const action = block.actions.find((a) => a.id === actionId);
      if (action) return action;
    }
    if (block.type === 'inputs' && block.submit.id === actionId) return block.submit;
  }
  throw new Error(`no action ${actionId} on ${JSON.stringify(message)}`);
}

/** Every text of a message (blocks included), for assertions on what people read. */
export function textOf(message: OutgoingMessage): string {
  const parts: string[] = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'heading' || block.type === 'text' || block.type === 'context') parts.push(block.text);
    if (block.type === 'list') parts.push(...block.items);
    if (block.type === 'facts') parts.push(...block.facts.map((f) => `${f.label}: ${f.value}`));
    if (block.type === 'actions') parts.push(...block.actions.map((a) => a.label));
    if (block.type === 'inputs') parts.push(...block.inputs.map((i) => i.label), block.submit.label);
  }
  return parts.join('\n');
}
