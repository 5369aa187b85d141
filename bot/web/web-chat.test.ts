/**
 * The web chat over HTTP: sign-in, the session cookie, CSRF and origin checks, messages handed
 * to the core and answers coming back through the long-poll, the first-user link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedLlm } from '../../planner/scripted-llm.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { startWebChatServer, type WebChatServer } from './test-support/server.js';
import { firstUserLink } from './users.js';

let database: TestDatabase;
let server: WebChatServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startWebChatServer(database, scriptedLlm([]));
});

afterAll(async () => {
  await server?.close();
  await database.drop();
});

async function signIn(email: string, password: string): Promise<Response> {
  return fetch(`${server.url}/chat/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ email, password }),
  });
}

async function session(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await signIn(email, password);
  expect(response.status).toBe(303);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const page = await (await fetch(`${server.url}/chat`, { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1] as string;
  return { cookie, csrf };
}

describe('web chat over HTTP', () => {
  it('first offers a single-use link that creates the first user and signs them in', async () => {
    const link = await firstUserLink(database.db.pool, server.url, new Date());
    expect(link).toMatch(/\/chat\/welcome\/[A-Za-z0-9_-]{43}$/);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const created = await fetch(link!, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ email: 'first@example.com', password: 'a long enough password' }),
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('set-cookie')).toMatch(
      /^sb_session=[\w-]{43}; Path=\/chat; HttpOnly; SameSite=Lax/,
    );
    expect((await fetch(link!)).status).toBe(404); // used
    expect(await firstUserLink(database.db.pool, server.url, new Date())).toBeNull();
  });

  it('refuses wrong passwords, anonymous API calls, missing CSRF tokens and cross-site posts', async () => {
    await server.addUser('gus@example.com', 'correct horse battery');
    expect((await signIn('gus@example.com', 'wrong password')).status).toBe(401);
    expect((await signIn('nobody@example.com', 'correct horse battery')).status).toBe(401);
    expect((await fetch(`${server.url}/chat`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${server.url}/chat/api/updates`)).status).toBe(401);

    const { cookie, csrf } = await session('gus@example.com', 'correct horse battery');
    const send = (headers: Record<string, string>) =>
      fetch(`${server.url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ text: 'help' }),
      });
    expect((await send({})).status).toBe(403);
    expect((await send({ 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await send({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await send({ 'x-csrf-token': csrf, origin: server.url })).status).toBe(202);
  });

  it('hands messages to the core and returns its answers through the long-poll', async () => {
    await server.addUser('hal@example.com', 'correct horse battery');
    const { cookie, csrf } = await session('hal@example.com', 'correct horse battery');
    const accepted = await fetch(`${server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ text: 'help' }),
    });
    expect(accepted.status).toBe(202);
    await server.chat.idle();
    const updates = (await (
      await fetch(`${server.url}/chat/api/updates?after=0`, { headers: { cookie } })
    ).json()) as {
      rev: string;
      messages: { author: string; message: { text: string } }[];
    };
    expect(updates.messages.map((m) => m.author)).toEqual(['user', 'bot']);
    expect(updates.messages[1]?.message.text).toContain('run <name>');
    // Nothing newer: the poll waits, then answers empty with the same rev.
    const started = Date.now();
    const empty = (await (
      await fetch(`${server.url}/chat/api/updates?after=${updates.rev}`, { headers: { cookie } })
    ).json()) as {
      rev: string;
      messages: unknown[];
    };
    expect(empty).toEqual({ rev: updates.rev, messages: [] });
    expect(Date.now() - started).toBeGreaterThan(2000);
  });
});
