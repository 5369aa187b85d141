import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../graph/index.js';
import { createTenant, listChatMessages } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import { PermanentStepError } from '../errors.js';
import {
  type ChatPost,
  createNotifierRegistry,
  createRunLogChannel,
  type NotifierChannel,
} from '../notifier.js';
import { noPeopleDirectory } from '../people-directory.js';
import { createChatExecutor } from './chat.js';
import { stepInputFor } from './step-input-fixture.js';

let testDb: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenantId = (await createTenant(testDb.db.pool, 'chat-tenant')).id;
});

afterAll(async () => {
  await testDb?.drop();
});

function node(fields: Partial<NodeOf<'chat'>>): NodeOf<'chat'> {
  return {
    id: 'say',
    type: 'chat',
    to: 'requester',
    text: 'Invoice {{ trigger.n }} paid',
    ...fields,
  } as NodeOf<'chat'>;
}

const run = { id: 'run-9', startedAt: '2026-01-01T00:00:00Z', requester: 'email:ann@acme.example' };

describe('chat executor with the built-in channel', () => {
  it('records the message once per step, however often it is retried', async () => {
    const notifier = createNotifierRegistry(createRunLogChannel((id, fn) => testDb.db.withTenant(id, fn)));
    const chat = createChatExecutor({ notifier });
    const input = (attempt: number) =>
      stepInputFor(node({}), { tenantId, runId: 'run-9', attempt, context: { trigger: { n: 7 }, run } });
    const first = await chat(input(1));
    const second = await chat(input(2));
    expect(second.output).toEqual(first.output);
    expect(first.output).toMatchObject({ channel: 'switchboard' });
    const messages = await testDb.db.withTenant(tenantId, (tx) => listChatMessages(tx, 'run-9'));
    expect(messages.map((m) => [m.recipient, m.text])).toEqual([
      ['email:ann@acme.example', 'Invoice 7 paid'],
    ]);
    expect(messages[0]?.id).toBe((first.output as { messageId: string }).messageId);
  });
});

describe('chat executor routing', () => {
  const posts: ChatPost[] = [];
  const slack: NotifierChannel = {
    name: 'slack',
    async postMessage(post) {
      posts.push(post);
      return { messageId: `ts-${posts.length}`, channel: 'slack' };
    },
  };
  const fallback: NotifierChannel = {
    name: 'switchboard',
    postMessage: async () => ({ messageId: 'log-1', channel: 'switchboard' }),
  };
  const notifier = createNotifierRegistry(fallback);
  notifier.register(['slack_user', 'slack_channel'], slack);
  const chat = createChatExecutor({
    notifier,
    directory: {
      ...noPeopleDirectory,
      groupMembers: async (_t, name) => (name === 'ops' ? ['slack:user/U1', 'slack:user/U2'] : null),
      contactOf: async (_t, reference) =>
        reference === 'email:olga@acme.example' ? 'slack:user/U9' : reference,
    },
  });

  it('routes by reference kind and posts to each member of a group with distinct keys', async () => {
    const result = await chat(stepInputFor(node({ to: 'group:ops' }), { context: { trigger: { n: 1 } } }));
    expect(posts.map((p) => p.to)).toEqual(['slack:user/U1', 'slack:user/U2']);
    expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBe(2);
    expect(result.output).toMatchObject({ messageId: 'ts-1', channel: 'slack' });
    const toChannel = await chat(
      stepInputFor(node({ to: 'email:bob@acme.example' }), { context: { trigger: { n: 1 } } }),
    );
    expect(toChannel.output).toEqual({ messageId: 'log-1', channel: 'switchboard' });
  });

  it("reaches a person where the directory says, keyed by the step's recipient", async () => {
    posts.length = 0;
    const input = stepInputFor(node({ to: 'email:olga@acme.example' }), { context: { trigger: { n: 2 } } });
    const result = await chat(input);
    expect(posts.map((p) => [p.to, p.text])).toEqual([['slack:user/U9', 'Invoice 2 paid']]);
    expect(result.output).toEqual({ messageId: 'ts-1', channel: 'slack' });
  });

  it('posts once to a person named in two spellings, at their lower-case address', async () => {
    posts.length = 0;
    const capitals = createChatExecutor({
      notifier,
      directory: {
        ...noPeopleDirectory,
        groupMembers: async () => ['email:Olga@Acme.example', 'email:olga@acme.example'],
        contactOf: async (_t, reference) =>
          reference === 'email:olga@acme.example' ? 'slack:user/U9' : reference,
      },
    });
    await capitals(stepInputFor(node({ to: 'group:ops' }), { context: { trigger: { n: 3 } } }));
    await capitals(stepInputFor(node({ to: 'email:OLGA@acme.example' }), { context: { trigger: { n: 4 } } }));
    expect(posts.map((p) => [p.to, p.text])).toEqual([
      ['slack:user/U9', 'Invoice 3 paid'],
      ['slack:user/U9', 'Invoice 4 paid'],
    ]);
  });

  it('fails permanently without a requester or for an unknown group', async () => {
    await expect(chat(stepInputFor(node({}), { context: { trigger: { n: 1 } } }))).rejects.toBeInstanceOf(
      PermanentStepError,
    );
    await expect(
      chat(stepInputFor(node({ to: 'group:none' }), { context: { trigger: { n: 1 } } })),
    ).rejects.toThrow(/no group "none"/);
  });
});
