import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findTenant } from '../../store/index.js';
import {
  type FakeTokenIssuer,
  postActivity,
  startFakeTokenIssuer,
  type TeamsParty,
  teamsAction,
  teamsMessage,
} from '../../test/index.js';
import type { OutgoingMessage } from '../core/model.js';
import {
  BOT_TOKEN,
  CLIENT_ID,
  OTHER_TENANT,
  type RecordingCore,
  recordingCore,
  startTeamsHarness,
  TEAMS_TENANT,
  type TeamsHarness,
  teamsFootprint,
} from './test-support/harness.js';

const ann: TeamsParty = { id: '29:ann', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Ann' };
const card = (title: string): OutgoingMessage => ({
  text: title,
  blocks: [{ type: 'heading', text: title }],
});

describe('production mode (TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID)', () => {
  let issuer: FakeTokenIssuer;
  let core: RecordingCore;
  let teams: TeamsHarness;

  beforeAll(async () => {
    issuer = await startFakeTokenIssuer();
    core = recordingCore();
    teams = await startTeamsHarness({ core, issuer });
  });
  afterAll(async () => {
    await teams.close();
    await issuer.close();
  });
  beforeEach(() => {
    core.incomings.length = 0;
    core.behave(async () => {});
  });

  const message = (tenantId = TEAMS_TENANT) =>
    teamsMessage({ serviceUrl: teams.fake.url, from: ann, tenantId, text: 'hello' });
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: issuer.issuerFor(TEAMS_TENANT),
    aud: CLIENT_ID,
    tid: TEAMS_TENANT,
    serviceurl: teams.fake.url,
    ...overrides,
  });

  const expectRefused = async (token: string | undefined, status = 401) => {
    const before = await teamsFootprint(teams.database);
    const response = await postActivity(teams.endpointUrl, message(), token);
    expect(response.status).toBe(status);
    await teams.endpoint.drain();
    expect(core.incomings).toEqual([]);
    expect(teams.fake.calls).toEqual([]);
    expect(await teamsFootprint(teams.database)).toEqual(before);
    return response;
  };

  it('refuses a request without a token (401) and changes nothing', async () => {
    const response = await expectRefused(undefined);
    expect(response.body).toEqual({ 'jwt-auth-error': 'authorization header not found' });
  });

  it('refuses a token signed with a key the issuer does not publish (forged)', async () => {
    await expectRefused(issuer.forge(claims()));
  });

  it('refuses a validly signed token for another audience', async () => {
    await expectRefused(issuer.sign(claims({ aud: 'some-other-bot' })));
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    await expectRefused(issuer.sign(claims({ iat: past, nbf: past, exp: past + 600 })));
  });

  it('refuses a validly signed token from an issuer other than Bot Framework or the bot’s tenant', async () => {
    await expectRefused(issuer.sign(claims({ iss: issuer.issuerFor(OTHER_TENANT), tid: OTHER_TENANT })));
  });

  it('refuses a token whose serviceurl claim names another host than the activity (400)', async () => {
    await expectRefused(issuer.sign(claims({ serviceurl: 'https://smba.trafficmanager.net/emea/' })), 400);
  });

  it('refuses a malformed Authorization header', async () => {
    await expectRefused('not-a-jwt');
  });

  it('accepts a valid token, hands the message to the core and answers with the bot’s own token', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.post(card('Hello Ann'));
    });
    const response = await postActivity(teams.endpointUrl, message(), issuer.sign(claims()));
    expect(response.status).toBe(200);
    await teams.endpoint.drain();
    expect(core.incomings).toHaveLength(1);
    const [post] = teams.fake.calls;
    expect(post).toMatchObject({
      kind: 'send',
      conversationId: `a:${ann.id}`,
      authorization: `Bearer ${BOT_TOKEN}`,
    });
  });

  it('refuses activities from another Teams tenant than TEAMS_TENANT_ID (403) and changes nothing', async () => {
    const before = await teamsFootprint(teams.database);
    const response = await postActivity(teams.endpointUrl, message(OTHER_TENANT), issuer.sign(claims()));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'TEAMS_TENANT_REFUSED' } });
    expect((response.body as { error: { message: string } }).error.message).toContain('TEAMS_TENANT_ID');
    expect(core.incomings).toEqual([]);
    expect(await teamsFootprint(teams.database)).toEqual(before);
    expect(await findTenant(teams.database.db.pool, `teams:${OTHER_TENANT}`)).toBeUndefined();
  });
});

describe('local mode (TEAMS_ALLOW_UNAUTHENTICATED=true)', () => {
  let core: RecordingCore;
  let teams: TeamsHarness;

  beforeAll(async () => {
    core = recordingCore();
    teams = await startTeamsHarness({ core });
  });
  afterAll(() => teams.close());
  beforeEach(async () => {
    await teams.endpoint.drain();
    core.incomings.length = 0;
    core.behave(async () => {});
    teams.fake.calls.length = 0;
    teams.errors.length = 0;
  });

  const post = (activity: Record<string, unknown>) => postActivity(teams.endpointUrl, activity);

  it('accepts a request without a token and maps the Teams tenant to tenant teams:<id>', async () => {
    const response = await post(
      teamsMessage({ serviceUrl: teams.fake.url, from: ann, tenantId: TEAMS_TENANT, text: 'hi' }),
    );
    expect(response.status).toBe(200);
    await teams.endpoint.drain();
    const tenant = await findTenant(teams.database.db.pool, `teams:${TEAMS_TENANT}`);
    expect(tenant).toBeDefined();
    expect(core.incomings[0]).toEqual({
      kind: 'message',
      actor: {
        tenantId: tenant!.id,
        person: `teams:user/${ann.aadObjectId}`,
        displayName: 'Ann',
        locale: 'en-US',
      },
      conversation: { platform: 'teams', channel: `a:${ann.id}`, thread: null, direct: true },
      text: 'hi',
    });
  });

  it('strips the bot’s mention in a channel; the thread is the root message', async () => {
    await post(
      teamsMessage({
        serviceUrl: teams.fake.url,
        from: ann,
        tenantId: TEAMS_TENANT,
        conversationType: 'channel',
        conversationId: '19:ops@thread.tacv2;messageid=1700000000001',
        text: 'when an invoice arrives, ask finance',
      }),
    );
    await teams.endpoint.drain();
    expect(core.incomings[0]).toMatchObject({
      kind: 'message',
      text: 'when an invoice arrives, ask finance',
      conversation: {
        platform: 'teams',
        channel: '19:ops@thread.tacv2',
        thread: '1700000000001',
        direct: false,
      },
    });
  });

  it('acknowledges a message before the core finishes, and posts the answer in the thread later', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    core.behave(async (_incoming, responder) => {
      await gate;
      await responder.post(card('Here is your plan'));
    });
    const response = await post(
      teamsMessage({
        serviceUrl: teams.fake.url,
        from: ann,
        tenantId: TEAMS_TENANT,
        conversationType: 'channel',
        conversationId: '19:ops@thread.tacv2;messageid=1700000000002',
        text: 'plan something',
      }),
    );
    expect(response.status).toBe(200);
    expect(teams.fake.calls).toEqual([]);
    release();
    const sent = await teams.fake.waitForCall((call) => call.kind === 'send');
    expect(sent.conversationId).toBe('19:ops@thread.tacv2;messageid=1700000000002');
    expect(sent.body).toMatchObject({
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
      ],
    });
    expect(sent.authorization).toBeUndefined();
  });

  it('answers Action.Execute with the replaced card (card refresh) after the core updated it', async () => {
    core.behave(async (incoming, responder) => {
      if (incoming.kind === 'action' && incoming.message)
        await responder.update(incoming.message, card('Approved by Ann'));
    });
    const response = await post(
      teamsAction({
        serviceUrl: teams.fake.url,
        from: ann,
        tenantId: TEAMS_TENANT,
        replyToId: 'activity-card-1',
        verb: 'task.approve',
        data: { value: 'task-1' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Approved by Ann' }] },
    });
    expect(core.incomings[0]).toMatchObject({
      kind: 'action',
      actionId: 'task.approve',
      value: 'task-1',
      actor: { person: `teams:user/${ann.aadObjectId}` },
      message: { platform: 'teams', address: { activityId: 'activity-card-1' } },
    });
  });

  it('answers a private refusal in a channel as the invoke’s message, visible only to the presser', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.postPrivate({
        text: 'Not yours',
        blocks: [{ type: 'text', text: 'Only the designated approvers may decide this request.' }],
      });
    });
    const response = await post(
      teamsAction({
        serviceUrl: teams.fake.url,
        from: ann,
        tenantId: TEAMS_TENANT,
        conversationType: 'channel',
        conversationId: '19:ops@thread.tacv2;messageid=1700000000003',
        replyToId: 'activity-card-2',
        verb: 'task.approve',
        data: { value: 'task-2' },
      }),
    );
    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Only the designated approvers may decide this request.',
    });
    await teams.endpoint.drain();
    expect(teams.fake.calls).toEqual([]);
  });

  it('answers "Working on it…" when the core takes longer than the invoke may wait, and updates the card later', async () => {
    const slow = await startTeamsHarness({ core, invokeTimeoutMs: 50 });
    try {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const pressed = teamsAction({
        serviceUrl: slow.fake.url,
        from: ann,
        tenantId: TEAMS_TENANT,
        replyToId: 'placeholder',
        verb: 'draft.activate',
        data: { value: 'draft-1' },
      });
      // The card to update must exist at the fake connector.
      const posted = await slow.connector.send(
        { channelId: 'msteams', serviceUrl: slow.fake.url, conversation: { id: `a:${ann.id}` } },
        { type: 'message', text: 'draft' },
      );
      pressed.replyToId = posted;
      core.behave(async (incoming, responder) => {
        await gate;
        if (incoming.kind === 'action' && incoming.message)
          await responder.update(incoming.message, card('Active'));
      });
      const response = await postActivity(slow.endpointUrl, pressed);
      expect(response.body).toMatchObject({
        type: 'application/vnd.microsoft.activity.message',
        value: 'Working on it…',
      });
      release();
      const update = await slow.fake.waitForCall((call) => call.kind === 'update');
      expect(update.activityId).toBe(posted);
    } finally {
      await slow.close();
    }
  });

  it('refuses an activity without a Teams tenant (400) and changes nothing', async () => {
    const before = await teamsFootprint(teams.database);
    const activity = teamsMessage({
      serviceUrl: teams.fake.url,
      from: ann,
      tenantId: TEAMS_TENANT,
      text: 'x',
    });
    delete (activity.conversation as Record<string, unknown>).tenantId;
    activity.channelData = {};
    const response = await post(activity);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'TEAMS_TENANT_MISSING' } });
    expect(core.incomings).toEqual([]);
    expect(await teamsFootprint(teams.database)).toEqual(before);
  });

  it('logs a failing core and tells the person, without failing the request', async () => {
    core.behave(async () => {
      throw new Error('core exploded');
    });
    const response = await post(
      teamsMessage({ serviceUrl: teams.fake.url, from: ann, tenantId: TEAMS_TENANT, text: 'boom' }),
    );
    expect(response.status).toBe(200);
    await teams.endpoint.drain();
    expect(teams.errors).toEqual([expect.objectContaining({ message: 'core exploded' })]);
    expect(JSON.stringify(teams.fake.calls[0]?.body)).toContain('Something went wrong');
  });
});
