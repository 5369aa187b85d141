/**
 * Sign-in throttling over HTTP: five failures lock an email (right password included) until the
 * window passes, unknown emails alike; success clears the email's count; the per-address limit
 * spans emails; parallel guesses are counted. Time moves on a fake clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { fakeClock } from '../core/test-support/world.js';
import { startWebChatServer, type WebChatServer } from './test-support/server.js';
import { clientAddressOf, throttledMessage } from './throttle.js';

const MINUTE = 60_000;
const RIGHT = 'correct horse battery';

let database: TestDatabase;
let server: WebChatServer;
const clock = fakeClock();

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startWebChatServer(database, null, { clock });
});

afterAll(async () => {
  await server?.close();
  await database.drop();
});

// Every test starts after the failures of the one before stopped counting (all share 127.0.0.1).
beforeEach(() => clock.advance(60 * MINUTE));

function signIn(email: string, password: string, url = server.url): Promise<Response> {
  return fetch(`${url}/chat/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ email, password }),
  });
}

/** The error paragraph of a sign-in page. */
async function errorOf(response: Response): Promise<string | undefined> {
  return /<p class="error" role="alert">([^<]*)<\/p>/.exec(await response.text())?.[1];
}

async function failTimes(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expect((await signIn(email, 'wrong password')).status).toBe(401);
}

async function stateOf(email: string) {
  const { rows } = await database.db.pool.query<{ sessions: number; last: Date | null; failures: number }>(
    `SELECT (SELECT count(*)::int FROM web_sessions s WHERE s.user_id = u.id) AS sessions,
            u.last_sign_in_at AS last,
            (SELECT count(*)::int FROM web_sign_in_failures) AS failures
       FROM web_users u WHERE u.email = $1`,
    [email],
  );
  return rows[0];
}

describe('web chat sign-in throttling', () => {
  it('refuses the sixth attempt after five failures, even with the right password, changing nothing', async () => {
    await server.addUser('ann@example.com', RIGHT);
    await failTimes('ann@example.com', 5);
    const before = await stateOf('ann@example.com');

    const refused = await signIn('ann@example.com', RIGHT);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(refused.headers.get('set-cookie')).toBeNull();
    const expectedAt = new Date(clock.now().getTime() + 15 * MINUTE).toISOString().slice(11, 16);
    expect(await errorOf(refused)).toBe(
      `Too many failed sign-ins for this email. Try again in 15 minutes (after ${expectedAt} UTC).`,
    );
    expect(await stateOf('ann@example.com')).toEqual(before);
    expect(before).toMatchObject({ sessions: 0, last: null });
  });

  it('lets the right password in once the window has passed', async () => {
    await server.addUser('bob@example.com', RIGHT);
    await failTimes('bob@example.com', 5);
    clock.advance(15 * MINUTE - 1000);
    const almost = await signIn('bob@example.com', RIGHT);
    expect(almost.status).toBe(429);
    expect(almost.headers.get('retry-after')).toBe('1');
    expect(await errorOf(almost)).toMatch(/Try again in 1 minute \(after \d\d:\d\d UTC\)\.$/);
    clock.advance(1000);
    const accepted = await signIn('bob@example.com', RIGHT);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('set-cookie')).toMatch(/^sb_session=[\w-]{43};/);
  });

  it('forgets the failures of an email when its password is right', async () => {
    await server.addUser('cat@example.com', RIGHT);
    await failTimes('cat@example.com', 4);
    expect((await signIn('cat@example.com', RIGHT)).status).toBe(303);
    // Counting on from 4 would refuse the second of these.
    await failTimes('cat@example.com', 4);
    expect((await signIn('cat@example.com', RIGHT)).status).toBe(303);
    expect(await stateOf('cat@example.com')).toMatchObject({ sessions: 2 });
  });

  it('locks an unknown email exactly like a known one', async () => {
    await server.addUser('dan@example.com', RIGHT);
    await failTimes('dan@example.com', 5);
    await failTimes('nobody@example.com', 5);
    const known = await signIn('dan@example.com', 'wrong password');
    const unknown = await signIn('nobody@example.com', 'wrong password');
    expect([known.status, unknown.status]).toEqual([429, 429]);
    expect(await errorOf(unknown)).toBe(await errorOf(known));
  });

  it('counts parallel guesses: of ten sent at once, five are checked', async () => {
    await server.addUser('eve@example.com', RIGHT);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => signIn('eve@example.com', 'wrong password').then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('limits failures per client address across emails, with their own message', async () => {
    const strict = await startWebChatServer(database, null, {
      clock,
      signInLimits: {
        perEmail: { failures: 5, windowMs: 15 * MINUTE },
        perAddress: { failures: 3, windowMs: 10 * MINUTE },
      },
    });
    try {
      await server.addUser('fay@example.com', RIGHT);
      for (const email of ['x1@example.com', 'x2@example.com', 'x3@example.com']) {
        expect((await signIn(email, 'wrong password', strict.url)).status).toBe(401);
      }
      const refused = await signIn('fay@example.com', RIGHT, strict.url);
      expect(refused.status).toBe(429);
      expect(await errorOf(refused)).toMatch(
        /^Too many failed sign-ins from your network\. Try again in 10 minutes/,
      );
      clock.advance(10 * MINUTE);
      expect((await signIn('fay@example.com', RIGHT, strict.url)).status).toBe(303);
    } finally {
      await strict.close();
    }
  });
});

describe('clientAddressOf', () => {
  it('counts IPv4 as is, IPv4-mapped IPv6 as IPv4, and other IPv6 by its /64', () => {
    expect(clientAddressOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressOf('2001:db8:0a:1:abcd::1')).toBe('2001:db8:a:1::/64');
    expect(clientAddressOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressOf('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressOf(undefined)).toBe('unknown');
  });
});

describe('throttledMessage', () => {
  it('rounds the wait and the UTC time up to whole minutes', () => {
    const now = new Date('2100-01-01T09:00:00Z');
    expect(throttledMessage({ scope: 'email', retryAt: new Date('2100-01-01T09:14:01Z') }, now)).toBe(
      'Too many failed sign-ins for this email. Try again in 15 minutes (after 09:15 UTC).',
    );
  });
});
