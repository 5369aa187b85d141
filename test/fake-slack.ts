import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API on 127.0.0.1 speaking the wire format `@slack/web-api` uses: `POST
 * /api/<method>` with a form or JSON body and `Authorization: Bearer <token>`, answering JSON
 * `{ ok, … }`. It records every call and answers `auth.test`, `chat.postMessage`, `chat.update`,
 * `chat.postEphemeral`, `views.open`, `users.info`, `users.lookupByEmail` and `conversations.open`
 * like Slack does;
 * other methods answer `unknown_method`. POSTs to `/response/<id>` stand in for `response_url`s.
 *
 * Give the client `apiUrl` (Bolt: `clientOptions.slackApiUrl`; Switchboard: `SLACK_API_URL`).
 * `signSlackRequest` signs request bodies as Slack does for our endpoint.
 */

export interface FakeSlackUser {
  id: string;
  email?: string;
  name?: string;
  locale?: string;
  /** A deactivated account (Slack still finds it, with `deleted: true`). */
  deleted?: boolean;
}

export interface FakeSlackCall {
  method: string;
  /** The bearer token sent, or null. */
  token: string | null;
  /** Arguments, with JSON-valued form fields (blocks, view, metadata) parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: call arguments are asserted field by field in tests.
  args: Record<string, any>;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  // biome-ignore lint/suspicious/noExplicitAny: see args
  response: Record<string, any>;
}

export interface FakeSlackOptions {
  /** Default `T0FAKE`. */
  teamId?: string;
  /** The bot's user id; default `UBOT`. */
  botUserId?: string;
  /** Default `BBOT`. */
  botId?: string;
  /** The only token accepted; default `xoxb-fake-token`. */
  token?: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Web API base URL, `http://127.0.0.1:<port>/api/`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly token: string;
  /** A `response_url` served by this fake; POSTs to it are recorded as calls of method `response_url`. */
  responseUrl(id: string): string;
  /** Makes `users.info` (and `users.lookupByEmail`, by their email) know the user. */
  addUser(user: FakeSlackUser): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  fail(method: string, error: string, times?: number): void;
  /** Calls received, oldest first; only `method`'s when given. */
  calls(method?: string): FakeSlackCall[];
  /** Resolves with the first call of `method` matching `predicate` (waiting up to `timeoutMs`, default 5 s). */
  waitForCall(
    method: string,
    predicate?: (call: FakeSlackCall) => boolean,
    timeoutMs?: number,
  ): Promise<FakeSlackCall>;
  /** Forgets recorded calls and scripted failures (users stay). */
  reset(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0FAKE';
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const token = options.token ?? 'xoxb-fake-token';
  const calls: FakeSlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
  const failures = new Map<string, { error: string; times: number }>();
  const waiters = new Set<() => void>();
  let clock = 0;
  const nextTs = () => {
    clock += 1;
    return `1700000000.${String(clock).padStart(6, '0')}`;
  };

  const userObject = (user: FakeSlackUser) => ({
    id: user.id,
    team_id: teamId,
    name: user.name ?? user.id.toLowerCase(),
    deleted: user.deleted ?? false,
    real_name: user.name ?? user.id,
    locale: user.locale ?? 'en-US',
    profile: { email: user.email, real_name: user.name ?? user.id, display_name: user.name ?? '' },
  });

  const answer = (call: FakeSlackCall): Record<string, unknown> => {
    const failure = failures.get(call.method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return { ok: false, error: failure.error };
    }
    if (call.method === 'response_url') return { ok: true };
    if (call.token !== token) return { ok: false, error: call.token ? 'invalid_auth' : 'not_authed' };
    const args = call.args;
    switch (call.method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake Team',
          user: 'switchboard',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
        };
      case 'chat.postMessage': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        const channel = imOf(String(args.channel));
        const ts = nextTs();
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            text: args.text,
            user: botUserId,
            bot_id: botId,
            ts,
            blocks: args.blocks,
          },
        };
      }
      case 'chat.update':
        if (!args.channel || !args.ts) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        if (!args.channel || !args.user) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        if (!args.trigger_id || !args.view) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, view: { id: `V${calls.length}`, ...args.view } };
      case 'users.info': {
        const user = users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: userObject(user) };
      }
      case 'users.lookupByEmail': {
        if (!args.email) return { ok: false, error: 'invalid_arguments' };
        const email = String(args.email).toLowerCase();
        const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
        if (!user) return { ok: false, error: 'users_not_found' };
        return { ok: true, user: userObject(user) };
      }
      case 'conversations.open': {
        const ids = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        if (ids.length !== 1) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, channel: { id: imOf(ids[0]!) } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://fake.local').pathname;
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const authorization = req.headers.authorization;
    const call: FakeSlackCall = {
      method,
      token: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null,
      args: parseArgs(body, String(req.headers['content-type'] ?? '')),
      response: {},
    };
    if (method === 'response_url') call.args.responseUrlId = path.slice('/response/'.length);
    const result = answer(call);
    call.response = result;
    calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const find = (method: string, predicate?: (call: FakeSlackCall) => boolean) =>
    calls.find((call) => call.method === method && (predicate?.(call) ?? true));

  return {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    botUserId,
    botId,
    token,
    responseUrl: (id) => `${url}/response/${id}`,
    addUser(user) {
      users.set(user.id, user);
    },
    fail(method, error, times = 1) {
      failures.set(method, { error, times });
    },
    calls: (method) => (method ? calls.filter((call) => call.method === method) : [...calls]),
    waitForCall(method, predicate, timeoutMs = 5000) {
      const found = find(method, predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${method} call arrived within ${timeoutMs} ms.`));
        }, timeoutMs);
        const check = () => {
          const call = find(method, predicate);
          if (!call) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(call);
        };
        waiters.add(check);
      });
    },
    reset() {
      calls.length = 0;
      failures.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Slack answers a post to a user id in the app's direct message with them (`D…`). */
function imOf(channel: string): string {
  return channel.startsWith('U') || channel.startsWith('W') ? `D${channel.slice(1)}` : channel;
}

// biome-ignore lint/suspicious/noExplicitAny: see FakeSlackCall.args
function parseArgs(body: string, contentType: string): Record<string, any> {
  if (body === '') return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(body);
    } catch {
      return {};
    }
  }
  // biome-ignore lint/suspicious/noExplicitAny: see FakeSlackCall.args
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all (e.g. `users=U1,U2`): keep the text.
      }
    }
    args[key] = value;
  }
  return args;
}

/** Headers Slack would send with `body`: `x-slack-request-timestamp` and the `v0=` HMAC-SHA256 signature. */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}
