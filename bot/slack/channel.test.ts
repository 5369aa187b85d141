import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentStepError, RetryableStepError } from '../../engine/index.js';
import { DEFAULT_TENANT_ID, findTenant } from '../../store/index.js';
import {
  createTestDatabase,
  type FakeSlack,
  startFakeSlack,
  type TestDatabase,
  taskViewFor,
} from '../../test/index.js';
import type { SlackChannel } from './channel.js';
import { createSlackChannelForToken } from './for-token.js';
import { decodeActionId } from './render.js';

let fake: FakeSlack;
let database: TestDatabase;
let channel: SlackChannel;
let tenantId: string;

beforeAll(async () => {
  fake = await startFakeSlack({ teamId: 'TCHAN' });
  database = await createTestDatabase();
  channel = createSlackChannelForToken({
    botToken: fake.token,
    apiUrl: fake.apiUrl,
    db: database.db.pool,
    withTenant: database.db.withTenant,
  });
  // The first post asks Slack for the workspace and creates its tenant.
  await channel
    .postMessage({
      tenantId: DEFAULT_TENANT_ID,
      runId: 'r0',
      to: 'slack:channel/C0',
      text: 'warm-up',
      idempotencyKey: 'warm-up',
    })
    .catch(() => undefined);
  tenantId = (await findTenant(database.db.pool, 'slack:TCHAN'))!.id;
});
afterAll(async () => {
  await fake.close();
  await database.drop();
});
beforeEach(() => fake.reset());

describe('Slack as a chat step channel', () => {
  it('posts Markdown to a channel as mrkdwn, once per idempotency key', async () => {
    const post = {
      tenantId,
      runId: 'run-1',
      to: 'slack:channel/C42',
      text: 'Invoice **INV-7** paid',
      idempotencyKey: 'run-1/notify#1',
    };
    const first = await channel.postMessage(post);
    const second = await channel.postMessage(post);
    expect(second).toEqual(first);
    expect(first.channel).toBe('slack');
    const calls = fake.calls('chat.postMessage');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toMatchObject({
      channel: 'C42',
      text: 'Invoice *INV-7* paid',
      metadata: { event_type: 'switchboard_message', event_payload: { key: 'run-1/notify#1' } },
    });
    expect(first.messageId).toMatch(/^C42\/\d+\.\d+$/);
  });

  it('posts to a user in their direct message with the bot', async () => {
    await channel.postMessage({
      tenantId,
      runId: 'run-2',
      to: 'slack:user/U5',
      text: 'hi',
      idempotencyKey: 'k2',
    });
    expect(fake.calls('conversations.open')[0]?.args.users).toBe('U5');
    expect(fake.calls('chat.postMessage')[0]?.args.channel).toBe('D5');
  });

  it('refuses posts of workflows of another tenant', async () => {
    await expect(
      channel.postMessage({
        tenantId: DEFAULT_TENANT_ID,
        runId: 'r',
        to: 'slack:channel/C1',
        text: 'x',
        idempotencyKey: 'k3',
      }),
    ).rejects.toMatchObject({ code: 'slack.other_tenant' });
    expect(fake.calls('chat.postMessage')).toEqual([]);
  });

  it('fails permanently when Slack refuses, retryably when Slack is down', async () => {
    fake.fail('chat.postMessage', 'not_in_channel');
    const refused = channel.postMessage({
      tenantId,
      runId: 'r',
      to: 'slack:channel/C7',
      text: 'x',
      idempotencyKey: 'k4',
    });
    await expect(refused).rejects.toBeInstanceOf(PermanentStepError);
    await expect(refused).rejects.toMatchObject({
      code: 'slack.not_in_channel',
      message: expect.stringContaining('/invite'),
    });
    fake.fail('chat.postMessage', 'service_unavailable');
    await expect(
      channel.postMessage({ tenantId, runId: 'r', to: 'slack:channel/C7', text: 'x', idempotencyKey: 'k5' }),
    ).rejects.toBeInstanceOf(RetryableStepError);
  });
});

describe('Slack as a task channel', () => {
  const task = taskViewFor({ tenantId });

  it('posts the approval card to the person’s DM and returns its address, once per key', async () => {
    const notice = {
      tenantId,
      task,
      recipient: 'slack:user/U9',
      kind: 'opened' as const,
      idempotencyKey: 'task-1/U9',
    };
    const address = await channel.postTask(notice);
    expect(await channel.postTask(notice)).toEqual(address);
    const posts = fake.calls('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(address).toEqual({ channel: 'D9', ts: expect.any(String) });
    const blocks = posts[0]?.args.blocks;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Approve invoice INV-7' } });
    const buttons = blocks.find((block: { type: string }) => block.type === 'actions').elements;
    expect(buttons.map((button: { action_id: string }) => decodeActionId(button.action_id).id)).toEqual([
      'task.approve',
      'task.reject',
    ]);
    expect(buttons[0].value).toBe(task.id);
  });

  it('says why a reminder comes', async () => {
    await channel.postTask({
      tenantId,
      task,
      recipient: 'slack:user/U9',
      kind: 'reminder',
      idempotencyKey: 'rem-1',
    });
    expect(fake.calls('chat.postMessage')[0]?.args.blocks[0]).toMatchObject({
      type: 'context',
      elements: [{ text: 'Reminder: this is still waiting for you.' }],
    });
  });

  it('posts nothing for a task that is closed already', async () => {
    const closed = taskViewFor({ tenantId, status: 'closed', outcome: 'approved' });
    expect(
      await channel.postTask({
        tenantId,
        task: closed,
        recipient: 'slack:user/U9',
        kind: 'reminder',
        idempotencyKey: 'x',
      }),
    ).toBeNull();
    expect(fake.calls()).toEqual([]);
  });

  it('replaces the card after the decision: outcome and who decided, no buttons', async () => {
    const closed = taskViewFor({
      tenantId,
      status: 'closed',
      outcome: 'approved',
      closedBy: 'slack:user/U9',
      closedAt: '2025-03-01T10:00:00.000Z',
    });
    await channel.updateTask(
      {
        tenantId,
        taskId: task.id,
        channel: 'slack',
        recipient: 'slack:user/U9',
        address: { channel: 'D9', ts: '1.5' },
      },
      closed,
    );
    const [update] = fake.calls('chat.update');
    expect(update?.args).toMatchObject({
      channel: 'D9',
      ts: '1.5',
      text: 'Approve invoice INV-7: Approved by U9 (Slack)',
    });
    expect(update?.args.blocks.some((block: { type: string }) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(update?.args.blocks)).toContain('Approved by U9 (Slack)');
  });
});
