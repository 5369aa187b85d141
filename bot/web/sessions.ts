/**
 * Web chat sessions: the cookie carries a random token (HttpOnly, SameSite=Lax, Secure over
 * HTTPS), the database only its sha256 with the session's CSRF token. Every POST must come from
 * our own origin and, for the JSON API, carry the CSRF token in `X-CSRF-Token`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import {
  createWebSession,
  deleteWebSession,
  findWebSession,
  markWebUserSignedIn,
  withTenant,
} from '../../store/index.js';
import { hashToken, looksLikeToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'sb_session';
/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

export interface WebSessionInfo {
  tenantId: string;
  userId: string;
  email: string;
  csrfToken: string;
  tokenHash: string;
}

/** Creates a session for the user; returns the cookie token (shown to the browser only). */
export async function startSession(
  pool: pg.Pool,
  user: { id: string; tenantId: string },
  now: Date,
): Promise<string> {
  const token = newToken();
  await withTenant(pool, user.tenantId, async (tx) => {
    await createWebSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: newToken(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    await markWebUserSignedIn(tx, user.id, now);
  });
  return token;
}

/** The session of the request's cookie, when valid and not expired. */
export async function sessionOf(
  pool: pg.Pool,
  request: IncomingMessage,
  now: Date,
): Promise<WebSessionInfo | null> {
  const token = cookiesOf(request)[SESSION_COOKIE];
  if (token === undefined || !looksLikeToken(token)) return null;
  const tokenHash = hashToken(token);
  const session = await findWebSession(pool, tokenHash);
  if (session === null || session.expiresAt.getTime() <= now.getTime()) return null;
  return {
    tenantId: session.tenantId,
    userId: session.userId,
    email: session.email,
    csrfToken: session.csrfToken,
    tokenHash,
  };
}

export async function endSession(pool: pg.Pool, session: WebSessionInfo): Promise<void> {
  await withTenant(pool, session.tenantId, (tx) => deleteWebSession(tx, session.tokenHash));
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/chat; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/chat; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Whether the CSRF token sent matches the session's (constant-time). */
export function csrfMatches(session: WebSessionInfo, sent: string | undefined): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a POST comes from a page of this server: its Origin (or, without one, its Referer)
 * names the Host it was sent to. Browsers always send Origin on cross-site POSTs.
 */
export function sameOrigin(request: IncomingMessage): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) return true;
  try {
    return new URL(source).host === request.headers.host;
  } catch {
    return false;
  }
}

function cookiesOf(request: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return cookies;
}
