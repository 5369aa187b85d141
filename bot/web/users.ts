/**
 * Managing web chat users: `switchboard user add` creates one with a generated password; a
 * fresh install (no web user anywhere) gets a single-use sign-in link at start-up, whose page
 * creates the first user.
 */
import type pg from 'pg';
import {
  anyWebUser,
  createSignInLink,
  createWebUser,
  DEFAULT_TENANT_ID,
  setWebUserPassword,
  withTenant,
} from '../../store/index.js';
import { generatePassword, hashPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

/** Path of the first-user page; the token follows it. */
export const WELCOME_PATH = '/chat/welcome';
/** How long the start-up sign-in link works. */
export const SIGN_IN_LINK_TTL_MS = 24 * 3_600_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class WebUserError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'WebUserError';
    this.code = code;
  }
}

/**
 * Adds a web user to the tenant, or with `reset` gives an existing one a new password. Returns
 * the generated password (shown once, never stored).
 */
export async function addWebUser(
  pool: pg.Pool,
  input: { tenantId: string; email: string; password?: string; reset?: boolean },
): Promise<{ email: string; password: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new WebUserError('WEB_USER_EMAIL_INVALID', `"${input.email}" is not an email address.`);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return withTenant(pool, input.tenantId, async (tx) => {
    if (input.reset && (await setWebUserPassword(tx, email, passwordHash)))
      return { email, password, created: false };
    try {
      await createWebUser(tx, { email, passwordHash });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new WebUserError(
          'WEB_USER_EXISTS',
          input.reset
            ? `${email} has a web login in another tenant; an email signs in to one tenant only.`
            : `${email} already has a web login; add --reset to give it a new password.`,
        );
      }
      throw error;
    }
    return { email, password, created: true };
  });
}

/**
 * While no web user exists, a single-use link (valid 24 h) to the page creating the first one, in
 * the default tenant; null once someone can sign in.
 */
export async function firstUserLink(pool: pg.Pool, publicUrl: string, now: Date): Promise<string | null> {
  if (await anyWebUser(pool)) return null;
  const token = newToken();
  await withTenant(pool, DEFAULT_TENANT_ID, (tx) =>
    createSignInLink(tx, {
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS),
    }),
  );
  return `${publicUrl.replace(/\/+$/, '')}${WELCOME_PATH}/${token}`;
}
