import { verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, signSlackRequest, startFakeSlack } from './fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = (token = fake.token) =>
  new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

describe('fake Slack Web API', () => {
  it('answers auth.test and records the call with its token', async () => {
    expect(await client().auth.test()).toMatchObject({ ok: true, team_id: 'T0FAKE', user_id: 'UBOT' });
    expect(fake.calls()).toEqual([expect.objectContaining({ method: 'auth.test', token: fake.token })]);
  });

  it('refuses other tokens as Slack does', async () => {
    await expect(client('xoxb-wrong').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('posts to a user in the app’s DM and parses blocks and metadata from the form body', async () => {
    const result = await client().chat.postMessage({
      channel: 'U5',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }],
      metadata: { event_type: 'switchboard_message', event_payload: { key: 'k' } },
    });
    expect(result).toMatchObject({ ok: true, channel: 'D5', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(fake.calls('chat.postMessage')[0]?.args).toMatchObject({
      blocks: [{ type: 'section' }],
      metadata: { event_payload: { key: 'k' } },
    });
  });

  it('fails a method as scripted, then answers again', async () => {
    fake.fail('chat.update', 'message_not_found');
    await expect(client().chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    expect(await client().chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).toMatchObject({ ok: true });
  });

  it('knows the users it was given', async () => {
    fake.addUser({ id: 'U1', email: 'ann@example.com', name: 'Ann' });
    expect((await client().users.info({ user: 'U1' })).user?.profile?.email).toBe('ann@example.com');
    await expect(client().users.info({ user: 'U404' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('finds users by email as users.lookupByEmail does, and records the lookups', async () => {
    fake.addUser({ id: 'U7', email: 'Dan@Example.com', name: 'Dan' });
    const found = await client().users.lookupByEmail({ email: 'dan@example.com' });
    expect(found.user).toMatchObject({ id: 'U7', deleted: false, profile: { email: 'Dan@Example.com' } });
    await expect(client().users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({
      data: { error: 'users_not_found' },
    });
    expect(fake.calls('users.lookupByEmail').map((call) => call.args.email)).toEqual([
      'dan@example.com',
      'nobody@example.com',
    ]);
  });

  it('signs requests the way Slack does', () => {
    const body = '{"type":"event_callback"}';
    const headers = signSlackRequest('secret', body);
    expect(() =>
      verifySlackRequest({
        signingSecret: 'secret',
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
  });
});
