import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bot Connector for tests of the Teams adapter: the Agents SDK calls it as it would call
 * Teams, because tests put its URL in the activities' `serviceUrl`. It answers the calls the
 * adapter makes — post (`POST /v3/conversations/:id/activities`, and `/:activityId` replies),
 * update (`PUT …/activities/:activityId`) and create conversation (`POST /v3/conversations`) —
 * records each (with its Authorization header), and keeps every message's current content, so a
 * test can see what each copy of a card shows now.
 *
 * It also builds the activities Teams would send (`teamsActivity`, `actionActivity`) and posts them
 * (`postActivity`).
 */

export interface BotConnectorCall {
  method: 'POST' | 'PUT';
  kind: 'send' | 'reply' | 'update' | 'createConversation';
  conversationId: string | undefined;
  activityId: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeBotConnector {
  /** `http://127.0.0.1:<port>/` — the `serviceUrl` of test activities. */
  readonly url: string;
  readonly calls: BotConnectorCall[];
  /** Messages by activity id, as last posted or updated. */
  readonly messages: Map<string, { conversationId: string; activity: Record<string, unknown> }>;
  /** Resolves with the first call (already made or still to come) matching `predicate`. */
  waitForCall(predicate: (call: BotConnectorCall) => boolean, timeoutMs?: number): Promise<BotConnectorCall>;
  /** Makes `GET …/members/:userId` describe this member (Teams tells bots a member's email and UPN). */
  addMember(member: {
    id: string;
    aadObjectId: string;
    name?: string;
    email?: string;
    userPrincipalName?: string;
  }): void;
  /** Answers the next calls with HTTP `status` (e.g. 503, 403). */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** Starts a fake Bot Connector on 127.0.0.1 and a free port. */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const calls: BotConnectorCall[] = [];
  const messages: FakeBotConnector['messages'] = new Map();
  const waiters: {
    predicate: (call: BotConnectorCall) => boolean;
    resolve: (call: BotConnectorCall) => void;
  }[] = [];
  const failures: { status: number; times: number }[] = [];
  const members = new Map<string, Record<string, unknown>>();
  let nextId = 1;

  const record = (call: BotConnectorCall) => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  };

  const server: Server = createServer(async (request, response) => {
    const body = await readJson(request);
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    const failure = failures[0];
    if (failure) {
      if (--failure.times <= 0) failures.shift();
      send(failure.status, { error: { code: 'Scripted', message: `Scripted failure ${failure.status}` } });
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const authorization = request.headers.authorization;
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') {
      send(404, { error: { code: 'NotFound', message: `No route ${request.method} ${path}` } });
      return;
    }
    if (request.method === 'POST' && parts.length === 2) {
      const id = createdConversationId(body, nextId++);
      record({
        method: 'POST',
        kind: 'createConversation',
        conversationId: id,
        activityId: undefined,
        authorization,
        body,
      });
      send(201, { id, serviceUrl: url });
      return;
    }
    const conversationId = parts[2];
    if (request.method === 'GET' && parts[3] === 'members' && parts[4]) {
      const member = members.get(parts[4]);
      if (member) send(200, member);
      else send(404, { error: { code: 'MemberNotFoundInConversation', message: `No member ${parts[4]}` } });
      return;
    }
    if (parts[3] !== 'activities' || conversationId === undefined) {
      send(404, { error: { code: 'NotFound', message: `No route ${request.method} ${path}` } });
      return;
    }
    if (request.method === 'POST') {
      const id = `activity-${nextId++}`;
      messages.set(id, { conversationId, activity: body });
      record({
        method: 'POST',
        kind: parts[4] ? 'reply' : 'send',
        conversationId,
        activityId: id,
        authorization,
        body,
      });
      send(200, { id });
      return;
    }
    if (request.method === 'PUT' && parts[4]) {
      const id = parts[4];
      if (!messages.has(id)) {
        send(404, { error: { code: 'ActivityNotFound', message: `No activity ${id}` } });
        return;
      }
      messages.set(id, { conversationId, activity: body });
      record({ method: 'PUT', kind: 'update', conversationId, activityId: id, authorization, body });
      send(200, { id });
      return;
    }
    send(405, { error: { code: 'MethodNotAllowed', message: `${request.method} ${path}` } });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    calls,
    messages,
    waitForCall(predicate, timeoutMs = 10_000) {
      const made = calls.find(predicate);
      if (made) return Promise.resolve(made);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index < 0) return;
          waiters.splice(index, 1);
          reject(
            new Error(
              `No matching Bot Connector call within ${timeoutMs} ms; calls: ${JSON.stringify(calls.map((c) => [c.kind, c.conversationId, c.activityId]))}`,
            ),
          );
        }, timeoutMs).unref();
      });
    },
    addMember(member) {
      members.set(member.id, member);
    },
    failNext(status, times = 1) {
      failures.push({ status, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Personal chats get `a:` ids; a new channel thread gets `<channel id>;messageid=<n>`. */
function createdConversationId(body: Record<string, unknown>, n: number): string {
  const channelId = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return channelId ? `${channelId};messageid=${n}` : `a:personal-${n}`;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

/** Who is who in test activities. */
export interface TeamsParty {
  /** Bot Framework user id, e.g. `29:ann`. */
  id: string;
  /** Entra object id (→ `teams:user/<aadObjectId>`). */
  aadObjectId: string;
  name?: string;
}

export interface TeamsActivityOptions {
  serviceUrl: string;
  from: TeamsParty;
  /** Entra tenant id. */
  tenantId: string;
  /** Default `personal`. */
  conversationType?: 'personal' | 'channel' | 'groupChat';
  /** Default `a:<from.id>` for personal chats, `19:general@thread.tacv2` for channels. */
  conversationId?: string;
  /** The bot; default `{ id: '28:switchboard', name: 'Switchboard' }`. */
  bot?: { id: string; name?: string };
  id?: string;
  locale?: string;
}

const DEFAULT_BOT = { id: '28:switchboard', name: 'Switchboard' };
let activityCounter = 0;

function baseActivity(options: TeamsActivityOptions): Record<string, unknown> {
  const conversationType = options.conversationType ?? 'personal';
  const conversationId =
    options.conversationId ??
    (conversationType === 'channel' ? '19:general@thread.tacv2' : `a:${options.from.id}`);
  return {
    id: options.id ?? `incoming-${++activityCounter}`,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'en-US',
    from: {
      id: options.from.id,
      aadObjectId: options.from.aadObjectId,
      name: options.from.name ?? 'Test User',
    },
    recipient: options.bot ?? DEFAULT_BOT,
    conversation: {
      id: conversationId,
      conversationType,
      tenantId: options.tenantId,
      ...(conversationType === 'personal' ? {} : { isGroup: true }),
    },
    channelData: {
      tenant: { id: options.tenantId },
      ...(conversationType === 'channel'
        ? { channel: { id: conversationId.split(';')[0] }, team: { id: conversationId.split(';')[0] } }
        : {}),
    },
  };
}

/** A message activity; in channels `text` gets the bot's `<at>` mention in front, as Teams sends it. */
export function teamsMessage(options: TeamsActivityOptions & { text: string }): Record<string, unknown> {
  const activity = baseActivity(options);
  const bot = options.bot ?? DEFAULT_BOT;
  if (options.conversationType === 'channel' || options.conversationType === 'groupChat') {
    const mention = `<at>${bot.name ?? 'Switchboard'}</at>`;
    return {
      ...activity,
      type: 'message',
      text: `${mention} ${options.text}`,
      textFormat: 'plain',
      entities: [{ type: 'mention', text: mention, mentioned: { id: bot.id, name: bot.name } }],
    };
  }
  return { ...activity, type: 'message', text: options.text, textFormat: 'plain' };
}

/** The invoke Teams sends when an `Action.Execute` button is pressed on card `replyToId`. */
export function teamsAction(
  options: TeamsActivityOptions & { replyToId: string; verb: string; data: Record<string, unknown> },
): Record<string, unknown> {
  return {
    ...baseActivity(options),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: options.replyToId,
    value: { action: { type: 'Action.Execute', verb: options.verb, data: options.data }, trigger: 'manual' },
  };
}

/** The conversationUpdate Teams sends when the bot is installed (added as a member). */
export function teamsInstall(options: TeamsActivityOptions): Record<string, unknown> {
  return {
    ...baseActivity(options),
    type: 'conversationUpdate',
    membersAdded: [options.bot ?? DEFAULT_BOT],
  };
}

/** POSTs an activity to `endpoint` (e.g. `http://localhost:3000/api/messages`), with `token` as Bearer when given. */
export async function postActivity(
  endpoint: string,
  activity: Record<string, unknown>,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}
