import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from './queryable.js';
import { withTransaction } from './transaction.js';

/**
 * Failed web chat sign-ins (migration 0013), counted per key: the sha256 of an email or of a
 * client address. Not tenant data (attempts come before any tenant is known): the connecting
 * user reads the table directly, like `engine_workers`.
 */

export type SignInFailureScope = 'email' | 'address';

/** One key an attempt counts against, with its limit. */
export interface SignInFailureKey {
  scope: SignInFailureScope;
  /** sha256 of the normalized email or address, hex. */
  keyHash: string;
  /** Failures counting at once that refuse further attempts. */
  limit: number;
  /** How long a failure counts. */
  windowMs: number;
}

export type SignInAttempt =
  | { allowed: true; attemptId: string }
  /** Refused: `scope`'s key has `limit` failures counting until `retryAt`. */
  | { allowed: false; scope: SignInFailureScope; retryAt: Date };

/** Advisory lock class of sign-in keys (arbitrary, fixed; the two-key form keeps it apart from others). */
const LOCK_CLASS = 0x5357_5349;

/**
 * Records an attempt as a failure of every key (to be cleared with `clearSignInFailures` when it
 * succeeds), unless a key already has `limit` failures counting at `at`: then nothing is
 * recorded and the answer says until when the busiest key refuses. Attempts on the same keys
 * take turns (transaction-scoped advisory locks, in the order of `keys`), so parallel guesses
 * from several processes cannot slip past the count.
 */
export async function recordSignInAttempt(
  pool: pg.Pool,
  keys: SignInFailureKey[],
  at: Date,
): Promise<SignInAttempt> {
  return withTransaction(pool, async (client) => {
    for (const key of keys) {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        LOCK_CLASS,
        `${key.scope}:${key.keyHash}`,
      ]);
    }
    let refusal: { scope: SignInFailureScope; retryAt: Date } | undefined;
    for (const key of keys) {
      const retryAt = await refusedUntil(client, key, at);
      if (retryAt !== null && (refusal === undefined || retryAt > refusal.retryAt))
        refusal = { scope: key.scope, retryAt };
    }
    if (refusal !== undefined) return { allowed: false, ...refusal };
    const attemptId = randomUUID();
    await client.query(
      `INSERT INTO web_sign_in_failures (attempt_id, scope, key_hash, failed_at, expires_at)
       SELECT $1, scope, key_hash, $2, $2::timestamptz + make_interval(secs => window_s)
         FROM unnest($3::text[], $4::text[], $5::float8[]) AS k (scope, key_hash, window_s)`,
      [
        attemptId,
        at,
        keys.map((k) => k.scope),
        keys.map((k) => k.keyHash),
        keys.map((k) => k.windowMs / 1000),
      ],
    );
    return { allowed: true, attemptId };
  });
}

/**
 * When the key accepts attempts again, or null when it does now: the `limit`-th newest failure
 * counting at `at` stops counting at its `expires_at`, leaving fewer than `limit`.
 */
async function refusedUntil(db: Queryable, key: SignInFailureKey, at: Date): Promise<Date | null> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `SELECT expires_at FROM web_sign_in_failures
      WHERE scope = $1 AND key_hash = $2 AND expires_at > $3
      ORDER BY expires_at DESC OFFSET $4 LIMIT 1`,
    [key.scope, key.keyHash, at, key.limit - 1],
  );
  return rows[0]?.expires_at ?? null;
}

/**
 * After a successful sign-in: forgets the attempt itself and every failure of the email's key
 * (the address keeps its other failures).
 */
export async function clearSignInFailures(
  db: Queryable,
  input: { attemptId: string; emailHash: string },
): Promise<void> {
  await db.query(
    `DELETE FROM web_sign_in_failures
      WHERE attempt_id = $1 OR (scope = 'email' AND key_hash = $2)`,
    [input.attemptId, input.emailHash],
  );
}
