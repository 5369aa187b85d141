import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotifierChannel, TaskChannel } from '../../engine/index.js';
import { PermanentStepError, RetryableStepError } from '../../engine/index.js';
import { findTenant } from '../../store/index.js';
import { postActivity, type TeamsParty, taskViewFor, teamsInstall, teamsMessage } from '../../test/index.js';
import { createTeamsChannel } from './channel.js';
import { TeamsAuthError } from './errors.js';
import { recordingCore, startTeamsHarness, TEAMS_TENANT, type TeamsHarness } from './test-support/harness.js';

const ann: TeamsParty = { id: '29:ann', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Ann' };
const bob: TeamsParty = { id: '29:bob', aadObjectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Bob' };
const annRef = `teams:user/${ann.aadObjectId}`;
const bobRef = `teams:user/${bob.aadObjectId}`;

let teams: TeamsHarness;
let channel: NotifierChannel & TaskChannel;
let tenantId: string;

beforeAll(async () => {
  teams = await startTeamsHarness({ core: recordingCore() });
  channel = createTeamsChannel({
    connector: teams.connector,
    addresses: teams.addresses,
    withTenant: teams.withTenant,
  });
  // Ann installs the personal app; Bob only ever speaks in a channel; the bot is added to a team.
  await postActivity(
    teams.endpointUrl,
    teamsInstall({ serviceUrl: teams.fake.url, from: ann, tenantId: TEAMS_TENANT }),
  );
  await postActivity(
    teams.endpointUrl,
    teamsInstall({
      serviceUrl: teams.fake.url,
      from: ann,
      tenantId: TEAMS_TENANT,
      conversationType: 'channel',
    }),
  );
  await postActivity(
    teams.endpointUrl,
    teamsMessage({
      serviceUrl: teams.fake.url,
      from: bob,
      tenantId: TEAMS_TENANT,
      conversationType: 'channel',
      conversationId: '19:general@thread.tacv2;messageid=1700000000009',
      text: 'hello',
    }),
  );
  await teams.endpoint.drain();
  tenantId = (await findTenant(teams.database.db.pool, `teams:${TEAMS_TENANT}`))!.id;
});
afterAll(() => teams.close());
beforeEach(() => {
  teams.fake.calls.length = 0;
});

const notice = (overrides: Partial<Parameters<TaskChannel['postTask']>[0]> = {}) => ({
  tenantId,
  task: taskViewFor({ tenantId, assignees: [annRef] }),
  recipient: annRef,
  kind: 'opened' as const,
  idempotencyKey: `task:${Math.random()}`,
  ...overrides,
});

describe('Teams task channel', () => {
  it('posts the approval card to the approver’s personal chat and returns where it went', async () => {
    const address = await channel.postTask(notice());
    const [call] = teams.fake.calls;
    expect(call).toMatchObject({ kind: 'send', conversationId: `a:${ann.id}` });
    const card = JSON.stringify(call!.body);
    expect(card).toContain('Approve invoice INV-7');
    expect(card).toContain('"verb":"task.approve"');
    expect(address).toMatchObject({
      activityId: call!.activityId,
      conversationReference: { serviceUrl: teams.fake.url, conversation: { id: `a:${ann.id}` } },
    });
  });

  it('replaces the card when the task closes: outcome shown, no buttons left', async () => {
    const address = await channel.postTask(notice());
    const posted = teams.fake.calls[0]!.activityId!;
    const closed = taskViewFor({
      tenantId,
      status: 'closed',
      outcome: 'approved',
      closedBy: annRef,
      closedAt: '2025-03-01T10:00:00.000Z',
    });
    await channel.updateTask(
      { taskId: closed.id, channel: 'teams', recipient: annRef, address: address!, tenantId },
      closed,
    );
    const update = teams.fake.calls.find((call) => call.kind === 'update')!;
    expect(update.activityId).toBe(posted);
    const now = JSON.stringify(teams.fake.messages.get(posted)!.activity);
    expect(now).toContain('Approved by');
    expect(now).not.toContain('Action.Execute');
  });

  it('posts once per idempotency key: a retried notice returns the first card', async () => {
    const first = notice();
    const a = await channel.postTask(first);
    const b = await channel.postTask(first);
    expect(b).toEqual(a);
    expect(teams.fake.calls.filter((call) => call.kind === 'send')).toHaveLength(1);
  });

  it('opens a personal chat with someone seen only in a channel, then remembers it', async () => {
    await channel.postTask(notice({ recipient: bobRef }));
    const [create, send] = teams.fake.calls;
    expect(create).toMatchObject({
      kind: 'createConversation',
      body: { isGroup: false, members: [{ id: bob.id }], tenantId: TEAMS_TENANT },
    });
    expect(send).toMatchObject({ kind: 'send', conversationId: create!.conversationId });
    teams.fake.calls.length = 0;
    await channel.postMessage({
      tenantId,
      runId: 'r',
      to: bobRef,
      text: 'again',
      idempotencyKey: `k:${Math.random()}`,
    });
    expect(teams.fake.calls.map((call) => call.kind)).toEqual(['send']);
  });

  it('posts nothing for a task that is no longer open', async () => {
    expect(
      await channel.postTask(
        notice({ task: taskViewFor({ tenantId, status: 'closed', outcome: 'cancelled' }) }),
      ),
    ).toBe(null);
    expect(teams.fake.calls).toEqual([]);
  });
});

describe('Teams chat-step channel', () => {
  it('posts Markdown to a channel the bot was added to', async () => {
    const posted = await channel.postMessage({
      tenantId,
      runId: 'run-1',
      to: 'teams:channel/19:general@thread.tacv2',
      text: '**Invoice** paid',
      idempotencyKey: 'chat:run-1/notify',
    });
    expect(posted).toEqual({ messageId: teams.fake.calls[0]!.activityId, channel: 'teams' });
    expect(teams.fake.calls[0]).toMatchObject({
      conversationId: '19:general@thread.tacv2',
      body: { type: 'message', text: '**Invoice** paid', textFormat: 'markdown' },
    });
  });

  it('fails permanently for a person the bot has never seen', async () => {
    await expect(
      channel.postMessage({
        tenantId,
        runId: 'run-1',
        to: 'teams:user/cccccccc-0000-4000-8000-00000000000c',
        text: 'hi',
        idempotencyKey: 'chat:unknown',
      }),
    ).rejects.toThrow(PermanentStepError);
  });

  it('classifies Bot Connector failures: 503 may pass (retryable), 403 will not', async () => {
    const post = (key: string) =>
      channel.postMessage({ tenantId, runId: 'run-1', to: annRef, text: 'hi', idempotencyKey: key });
    teams.fake.failNext(503);
    await expect(post('chat:503')).rejects.toThrow(RetryableStepError);
    teams.fake.failNext(403);
    await expect(post('chat:403')).rejects.toThrow(PermanentStepError);
    // The retried post goes out (nothing was recorded for the failed attempt).
    await expect(post('chat:503')).resolves.toMatchObject({ channel: 'teams' });
  });

  it('classifies token failures: refused credentials will not pass, Entra unavailable may', async () => {
    // Entra's side is tested end to end in outgoing-auth.test.ts; here only the classification.
    const failingWith = (status: number) =>
      createTeamsChannel({
        connector: {
          ...teams.connector,
          send: async () => {
            throw new TeamsAuthError(
              { authority: 'https://login.microsoftonline.com', tenant: TEAMS_TENANT },
              status,
              {
                cause: new Error(`Entra answered ${status}`),
              },
            );
          },
        },
        addresses: teams.addresses,
        withTenant: teams.withTenant,
      });
    const post = (status: number) =>
      failingWith(status).postMessage({
        tenantId,
        runId: 'run-1',
        to: annRef,
        text: 'hi',
        idempotencyKey: `auth:${status}`,
      });
    await expect(post(401)).rejects.toThrow(PermanentStepError);
    await expect(post(401)).rejects.toMatchObject({ code: 'teams.auth', message: /TEAMS_CLIENT_SECRET/ });
    await expect(post(503)).rejects.toThrow(RetryableStepError);
    expect(teams.fake.calls).toEqual([]);
  });
});
