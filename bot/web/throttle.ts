/**
 * Sign-in throttling for the web chat: failed sign-ins count per email and per client address
 * (in PostgreSQL, so every web process agrees); a key at its limit refuses every attempt, the
 * right password included, until its oldest counting failure ages out. Unknown emails count like
 * known ones, so a refusal says nothing about whether a login exists. A successful sign-in clears
 * the email's failures.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type pg from 'pg';
import {
  clearSignInFailures,
  recordSignInAttempt,
  type SignInFailureKey,
  type SignInFailureScope,
} from '../../store/index.js';

export interface SignInLimit {
  /** Failures within the window after which attempts are refused. */
  failures: number;
  windowMs: number;
}

export interface SignInLimits {
  perEmail: SignInLimit;
  /** Looser: one client may mistype several logins, and many people may share a NAT address. */
  perAddress: SignInLimit;
}

/** 5 failures per email and 50 per client address, each within 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perEmail: { failures: 5, windowMs: 15 * 60_000 },
  perAddress: { failures: 50, windowMs: 15 * 60_000 },
};

/** What an attempt may do: go ahead (then report success) or be refused until `retryAt`. */
export type SignInPermit =
  | { allowed: true; succeeded(): Promise<void> }
  | { allowed: false; scope: SignInFailureScope; retryAt: Date };

export interface SignInThrottle {
  /**
   * Asks to check a password for `email` from `address`. An allowed attempt is counted as a
   * failure until `succeeded()` is called.
   */
  attempt(input: { email: string; address: string; now: Date }): Promise<SignInPermit>;
}

export function createSignInThrottle(pool: pg.Pool, limits = DEFAULT_SIGN_IN_LIMITS): SignInThrottle {
  for (const limit of [limits.perEmail, limits.perAddress]) {
    if (!Number.isInteger(limit.failures) || limit.failures < 1 || !(limit.windowMs > 0))
      throw new RangeError('Sign-in limits need at least 1 failure and a positive window.');
  }
  return {
    async attempt({ email, address, now }) {
      const emailHash = keyHash('email', email.trim().toLowerCase());
      const keys: SignInFailureKey[] = [
        { scope: 'email', keyHash: emailHash, ...limitOf(limits.perEmail) },
        { scope: 'address', keyHash: keyHash('address', address), ...limitOf(limits.perAddress) },
      ];
      const attempt = await recordSignInAttempt(pool, keys, now);
      if (!attempt.allowed) return attempt;
      return {
        allowed: true,
        succeeded: () => clearSignInFailures(pool, { attemptId: attempt.attemptId, emailHash }),
      };
    },
  };
}

function limitOf(limit: SignInLimit): { limit: number; windowMs: number } {
  return { limit: limit.failures, windowMs: limit.windowMs };
}

/** What is stored of a key: sha256 of scope and value, so the table holds no email or address. */
function keyHash(scope: SignInFailureScope, value: string): string {
  return createHash('sha256').update(`${scope}:${value}`).digest('hex');
}

/** The sentence shown on a refused sign-in: why, and when to try again (minutes, and UTC time). */
export function throttledMessage(refusal: { scope: SignInFailureScope; retryAt: Date }, now: Date): string {
  const minutes = Math.max(1, Math.ceil((refusal.retryAt.getTime() - now.getTime()) / 60_000));
  const at = new Date(Math.ceil(refusal.retryAt.getTime() / 60_000) * 60_000).toISOString().slice(11, 16);
  const wait = `Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (after ${at} UTC).`;
  return refusal.scope === 'email'
    ? `Too many failed sign-ins for this email. ${wait}`
    : `Too many failed sign-ins from your network. ${wait}`;
}

/** Seconds for a `Retry-After` header, rounded up. */
export function retryAfterSeconds(retryAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}

/**
 * The client address a request counts against, from Express's `request.ip`: the socket's peer,
 * or the client a proxy trusted by TRUST_PROXY names. IPv4-mapped IPv6 counts as IPv4; other IPv6
 * addresses count by their /64 network, which one client usually holds whole.
 */
export function clientAddressOf(socketAddress: string | undefined): string {
  if (socketAddress === undefined || socketAddress === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(socketAddress);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(socketAddress)) return socketAddress;
  return `${expandIPv6(socketAddress).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.map((group) => (/^[0-9a-f]+$/.test(group) ? Number.parseInt(group, 16).toString(16) : group));
}
