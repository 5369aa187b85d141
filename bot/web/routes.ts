/**
 * The web chat on our HTTP server (`/chat`): sign-in pages, the chat page with its script and
 * style, and a small JSON API — POST messages and actions (handed to the conversation core, which
 * answers by storing web messages), GET updates as a long-poll. Every API call needs the session
 * cookie; every POST our own Origin, and the API's the session's CSRF token. Failed sign-ins are
 * throttled per email and per client address (throttle.ts).
 */
import express, { type Express, type Request, type Response, Router } from 'express';
import type pg from 'pg';
import type { Clock } from '../../engine/index.js';
import {
  appendWebMessage,
  findSignInLink,
  findWebUserCredentials,
  getWebMessage,
  listWebMessages,
  useSignInLink,
  withTenant,
} from '../../store/index.js';
import type { Actor, ConversationCore, ConversationRef, Incoming, MessageHandle } from '../core/model.js';
import { say } from '../core/say.js';
import { CLIENT_SCRIPT } from './client.js';
import {
  CONTENT_SECURITY_POLICY,
  chatPage,
  ICON_SVG,
  notFoundPage,
  STYLE_SHEET,
  signInPage,
  welcomePage,
} from './pages.js';
import { passwordProblem, spendPasswordCheck, verifyPassword } from './passwords.js';
import { createWebResponder } from './responder.js';
import {
  clearedSessionCookie,
  csrfMatches,
  endSession,
  sameOrigin,
  sessionCookie,
  sessionOf,
  startSession,
  type WebSessionInfo,
} from './sessions.js';
import {
  clientAddressOf,
  createSignInThrottle,
  retryAfterSeconds,
  type SignInLimits,
  throttledMessage,
} from './throttle.js';
import { hashToken, looksLikeToken } from './tokens.js';
import { createWebUpdates } from './updates.js';
import { addWebUser, WELCOME_PATH } from './users.js';

export interface WebChatOptions {
  /** Pool connected as the database owner. */
  pool: pg.Pool;
  core: ConversationCore;
  /** `PUBLIC_URL`: decides whether cookies are `Secure` (https). */
  publicUrl: string;
  /** Judges session and link expiry and sign-in throttling; default the system clock. */
  clock?: Clock;
  /** Failed sign-ins allowed per email and per client address; default DEFAULT_SIGN_IN_LIMITS (5 and 50 per 15 min). */
  signInLimits?: SignInLimits;
  logger?: {
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
  /** Longest a GET /chat/api/updates waits for news; default 25 s. */
  longPollMs?: number;
}

export interface WebChat {
  /** Mounts `/chat` on the app. */
  routes: (app: Express) => void;
  /** Resolves when every message and action handed to the core has been handled (tests). */
  idle(): Promise<void>;
  /** Stops listening for updates (in-flight work finishes). */
  close(): Promise<void>;
}

/** The largest text a person may send in one message. */
const MAX_TEXT = 4000;

export function createWebChat(options: WebChatOptions): WebChat {
  const clock = options.clock ?? { now: () => new Date() };
  const secure = options.publicUrl.startsWith('https:');
  const updates = createWebUpdates(options.pool, options.logger);
  const inFlight = new Set<Promise<void>>();
  const longPollMs = options.longPollMs ?? 25_000;
  const throttle = createSignInThrottle(options.pool, options.signInLimits);

  /** Runs the core after the response went out; failures are logged by the core itself. */
  const handOff = (incoming: Incoming, session: WebSessionInfo) => {
    const work = options.core
      .handle(incoming, createWebResponder(options.pool, session))
      .catch((error: unknown) => options.logger?.error('web chat: core failed', { error }))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };

  const router = Router();
  router.use((request, response, next) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'POST' && !sameOrigin(request)) {
      response
        .status(403)
        .json({ error: { code: 'CROSS_ORIGIN', message: 'Cross-site requests are refused.' } });
      return;
    }
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));
  router.use(express.json({ limit: '64kb' }));

  router.get('/app.js', (_request, response) => {
    response.type('application/javascript').send(CLIENT_SCRIPT);
  });
  router.get('/app.css', (_request, response) => {
    response.type('text/css').send(STYLE_SHEET);
  });
  router.get('/icon.svg', (_request, response) => {
    response.type('image/svg+xml').send(ICON_SVG);
  });

  router.get('/', async (request, response) => {
    const session = await sessionOf(options.pool, request, clock.now());
    if (session === null) return response.redirect(303, '/chat/sign-in');
    response.type('html').send(chatPage({ email: session.email, csrfToken: session.csrfToken }));
  });

  router.get('/sign-in', (_request, response) => {
    response.type('html').send(signInPage());
  });

  router.post('/sign-in', async (request, response) => {
    const email = String(request.body?.email ?? '').trim();
    const password = String(request.body?.password ?? '');
    const now = clock.now();
    // Before the password is looked at: a refused attempt learns nothing, and changes nothing.
    const permit = await throttle.attempt({
      email,
      // `request.ip`: the peer, or the client a trusted proxy names (TRUST_PROXY).
      address: clientAddressOf(request.ip),
      now,
    });
    if (!permit.allowed) {
      options.logger?.warn('web chat: sign-in refused after too many failures', {
        scope: permit.scope,
        retryAt: permit.retryAt.toISOString(),
      });
      response
        .status(429)
        .set('Retry-After', String(retryAfterSeconds(permit.retryAt, now)))
        .type('html')
        .send(signInPage({ error: throttledMessage(permit, now), email }));
      return;
    }
    const user = email === '' ? null : await findWebUserCredentials(options.pool, email);
    // Same answer, after the same work, for an unknown email and a wrong password.
    const matches =
      user === null ? await spendPasswordCheck(password) : await verifyPassword(password, user.passwordHash);
    if (user === null || !matches) {
      response
        .status(401)
        .type('html')
        .send(signInPage({ error: 'Wrong email or password.', email }));
      return;
    }
    await permit.succeeded();
    const token = await startSession(options.pool, user, clock.now());
    response.setHeader('Set-Cookie', sessionCookie(token, secure));
    response.redirect(303, '/chat');
  });

  router.post('/sign-out', async (request, response) => {
    const session = await sessionOf(options.pool, request, clock.now());
    if (session !== null && csrfMatches(session, String(request.body?.csrf ?? ''))) {
      await endSession(options.pool, session);
    }
    response.setHeader('Set-Cookie', clearedSessionCookie(secure));
    response.redirect(303, '/chat/sign-in');
  });

  router.get('/welcome/:token', async (request, response) => {
    const link = await validLink(request.params.token as string);
    if (link === null) {
      response.status(404).type('html').send(notFoundPage('This sign-in link is unknown, used or expired.'));
      return;
    }
    response.type('html').send(welcomePage({ action: `${WELCOME_PATH}/${request.params.token}` }));
  });

  router.post('/welcome/:token', async (request, response) => {
    const token = request.params.token as string;
    const link = await validLink(token);
    if (link === null) {
      response.status(404).type('html').send(notFoundPage('This sign-in link is unknown, used or expired.'));
      return;
    }
    const email = String(request.body?.email ?? '').trim();
    const password = String(request.body?.password ?? '');
    const problem = passwordProblem(password);
    if (problem !== null) {
      response
        .status(422)
        .type('html')
        .send(welcomePage({ action: `${WELCOME_PATH}/${token}`, error: problem, email }));
      return;
    }
    const used = await withTenant(options.pool, link.tenantId, (tx) =>
      useSignInLink(tx, hashToken(token), clock.now()),
    );
    if (!used) {
      response.status(404).type('html').send(notFoundPage('This sign-in link was used already.'));
      return;
    }
    try {
      await addWebUser(options.pool, { tenantId: link.tenantId, email, password });
    } catch (error) {
      response
        .status(422)
        .type('html')
        .send(notFoundPage(`${(error as Error).message} Run switchboard user add to get another login.`));
      return;
    }
    const user = await findWebUserCredentials(options.pool, email);
    const sessionToken = await startSession(options.pool, user!, clock.now());
    response.setHeader('Set-Cookie', sessionCookie(sessionToken, secure));
    response.redirect(303, '/chat');
  });

  async function validLink(token: string) {
    if (!looksLikeToken(token)) return null;
    const link = await findSignInLink(options.pool, hashToken(token));
    if (link === null || link.usedAt !== null || link.expiresAt.getTime() <= clock.now().getTime())
      return null;
    return link;
  }

  /** The session of an API call, or a 401/403 answer. */
  async function apiSession(request: Request, response: Response): Promise<WebSessionInfo | null> {
    const session = await sessionOf(options.pool, request, clock.now());
    if (session === null) {
      response
        .status(401)
        .json({ error: { code: 'SIGN_IN_REQUIRED', message: 'Sign in at /chat/sign-in.' } });
      return null;
    }
    if (request.method === 'POST' && !csrfMatches(session, request.get('x-csrf-token'))) {
      response.status(403).json({ error: { code: 'CSRF', message: 'Reload the page and try again.' } });
      return null;
    }
    return session;
  }

  router.post('/api/messages', async (request, response) => {
    const session = await apiSession(request, response);
    if (session === null) return;
    const text = typeof request.body?.text === 'string' ? request.body.text.trim() : '';
    if (text === '' || text.length > MAX_TEXT) {
      response
        .status(422)
        .json({ error: { code: 'TEXT_INVALID', message: `Send 1 to ${MAX_TEXT} characters.` } });
      return;
    }
    await withTenant(options.pool, session.tenantId, (tx) =>
      appendWebMessage(tx, { userId: session.userId, author: 'user', message: say(text) }),
    );
    handOff(
      { kind: 'message', actor: actorOf(session), conversation: conversationOf(session), text },
      session,
    );
    response.status(202).json({ accepted: true });
  });

  router.post('/api/actions', async (request, response) => {
    const session = await apiSession(request, response);
    if (session === null) return;
    const body = request.body ?? {};
    const inputs = stringRecord(body.inputs);
    if (typeof body.actionId !== 'string' || typeof body.value !== 'string' || inputs === null) {
      response.status(422).json({
        error: { code: 'ACTION_INVALID', message: 'Send actionId and value as strings, inputs as strings.' },
      });
      return;
    }
    // Only a message of this user may be replaced in answer to the click.
    let message: MessageHandle | undefined;
    if (typeof body.messageId === 'string') {
      const shown = await withTenant(options.pool, session.tenantId, (tx) =>
        getWebMessage(tx, body.messageId),
      );
      if (shown !== null && shown.userId === session.userId)
        message = { platform: 'web', address: { id: shown.id } };
    }
    handOff(
      {
        kind: 'action',
        actor: actorOf(session),
        conversation: conversationOf(session),
        actionId: body.actionId,
        value: body.value,
        inputs,
        ...(message ? { message } : {}),
      },
      session,
    );
    response.status(202).json({ accepted: true });
  });

  router.get('/api/updates', async (request, response) => {
    const session = await apiSession(request, response);
    if (session === null) return;
    const after =
      typeof request.query.after === 'string' && /^\d{1,19}$/.test(request.query.after)
        ? request.query.after
        : '0';
    const aborted = new AbortController();
    request.on('close', () => aborted.abort());
    const deadline = Date.now() + longPollMs;
    const read = () =>
      withTenant(options.pool, session.tenantId, (tx) =>
        listWebMessages(tx, session.userId, { afterRev: after, limit: 100 }),
      );
    let messages = await read();
    while (messages.length === 0 && !aborted.signal.aborted && Date.now() < deadline) {
      await updates.wait(session.userId, deadline - Date.now(), aborted.signal);
      if (!aborted.signal.aborted) messages = await read();
    }
    const rev = messages.reduce((max, m) => (BigInt(m.rev) > BigInt(max) ? m.rev : max), after);
    response.json({
      rev,
      messages: messages.map((m) => ({
        id: m.id,
        rev: m.rev,
        author: m.author,
        private: m.private,
        message: m.message,
        createdAt: m.createdAt.toISOString(),
      })),
    });
  });

  return {
    routes: (app) => {
      app.use('/chat', router);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      await updates.close();
    },
  };
}

function actorOf(session: WebSessionInfo): Actor {
  return { tenantId: session.tenantId, person: `email:${session.email}`, displayName: session.email };
}

/** One web chat per user, without threads: the open draft is the chat's current one. */
function conversationOf(session: WebSessionInfo): ConversationRef {
  return { platform: 'web', channel: `user:${session.userId}`, thread: null, direct: true };
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string' || item.length > MAX_TEXT) return null;
    record[key] = item;
  }
  return record;
}
