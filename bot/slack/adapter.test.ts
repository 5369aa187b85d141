import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findPerson, findTenant } from '../../store/index.js';
import { signSlackRequest } from '../../test/index.js';
import { TASK_ACTIONS } from '../core/cards.js';
import type { Incoming } from '../core/model.js';
import { createSlackAdapter, stripMention } from './adapter.js';
import { OPEN_FORM_ACTION } from './render.js';
import {
  blockAction,
  type RecordingCore,
  recordingCore,
  SIGNING_SECRET,
  type SlackHarness,
  startSlackHarness,
  viewSubmission,
} from './test-support/harness.js';

let core: RecordingCore;
let slack: SlackHarness;

beforeAll(async () => {
  core = recordingCore();
  slack = await startSlackHarness(core);
});
afterAll(() => slack.close());
beforeEach(async () => {
  await slack.adapter.idle();
  core.incomings.length = 0;
  core.behave(async () => undefined);
  slack.fake.reset();
  slack.fake.addUser({ id: 'U1', email: 'ann@example.com', name: 'Ann', locale: 'de-DE' });
});

const dm = (text: string, ts = '1700000100.000100') => ({
  type: 'message',
  channel: 'D1',
  channel_type: 'im',
  user: 'U1',
  text,
  ts,
});

describe('Slack workspace', () => {
  it('maps the token’s team to the tenant slack:<TEAM_ID>', async () => {
    const tenant = await findTenant(slack.database.db.pool, `slack:${slack.fake.teamId}`);
    expect(tenant?.id).toBe(slack.adapter.workspace.tenantId);
    expect(slack.adapter.workspace).toMatchObject({ teamId: 'T0FAKE', botUserId: 'UBOT', botId: 'BBOT' });
  });
});

describe('Socket Mode', () => {
  it('is chosen with an app token, needs no signing secret and mounts no HTTP endpoint', async () => {
    const adapter = await createSlackAdapter({
      core,
      botToken: slack.fake.token,
      appToken: 'xapp-1-test',
      apiUrl: slack.fake.apiUrl,
      db: slack.database.db.pool,
      withTenant: slack.database.db.withTenant,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    expect(adapter.mode).toBe('socket');
    expect(adapter.workspace.tenantId).toBe(slack.adapter.workspace.tenantId);
    const mounted: unknown[] = [];
    adapter.routes({ use: (...args: unknown[]) => mounted.push(args) } as never);
    expect(mounted).toEqual([]);
  });
});

describe('POST /slack/events security', () => {
  const body = () =>
    JSON.stringify({
      type: 'event_callback',
      team_id: slack.fake.teamId,
      event_id: `EvSec${Math.random()}`,
      event: dm('hello'),
    });

  const expectNothingChanged = async (before: Record<string, number>) => {
    await slack.adapter.idle();
    expect(core.incomings).toEqual([]);
    expect(slack.fake.calls()).toEqual([]);
    expect(await slack.rowCounts()).toEqual(before);
  };

  it('answers url_verification with the challenge', async () => {
    const response = await slack.send(
      JSON.stringify({ token: 't', challenge: 'ch4ll3nge', type: 'url_verification' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'ch4ll3nge' });
  });

  it('refuses an unsigned request with 401 and changes nothing', async () => {
    const before = await slack.rowCounts();
    const response = await slack.send(body(), { signature: null });
    expect(response.status).toBe(401);
    await expectNothingChanged(before);
  });

  it('refuses a wrongly signed request with 401 and changes nothing', async () => {
    const before = await slack.rowCounts();
    const wrong = signSlackRequest('another-secret', body())['x-slack-signature'];
    const response = await slack.send(body(), { signature: wrong });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SLACK_SIGNATURE_INVALID' } });
    await expectNothingChanged(before);
  });

  it('refuses a request signed for another body with 401', async () => {
    const before = await slack.rowCounts();
    const signature = signSlackRequest(SIGNING_SECRET, '{"type":"event_callback"}')['x-slack-signature'];
    expect((await slack.send(body(), { signature })).status).toBe(401);
    await expectNothingChanged(before);
  });

  it('refuses a stale request (timestamp older than 5 minutes) with 401 and changes nothing', async () => {
    const before = await slack.rowCounts();
    const response = await slack.send(body(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    await expectNothingChanged(before);
  });

  it('refuses a request dated more than 5 minutes ahead with 401', async () => {
    const before = await slack.rowCounts();
    const response = await slack.send(body(), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(response.status).toBe(401);
    await expectNothingChanged(before);
  });

  it('refuses a replayed request with 401 and does not handle it twice', async () => {
    const replayed = body();
    const timestamp = Math.floor(Date.now() / 1000) - 30;
    expect((await slack.send(replayed, { timestamp })).status).toBe(200);
    await slack.adapter.idle();
    expect(core.incomings).toHaveLength(1);
    const before = await slack.rowCounts();
    slack.fake.reset();
    core.incomings.length = 0;
    const again = await slack.send(replayed, { timestamp });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'SLACK_REQUEST_REPLAYED' } });
    await expectNothingChanged(before);
  });

  it('refuses events of another workspace with a clear message and changes nothing', async () => {
    const before = await slack.rowCounts();
    const response = await slack.event(dm('hi'), { teamId: 'TOTHER' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringContaining('connected to the Slack workspace T0FAKE, not TOTHER') },
    });
    await expectNothingChanged(before);
  });

  it('answers a slash command of another workspace with the refusal, changing nothing', async () => {
    const before = await slack.rowCounts();
    const response = await slack.command('list', { team_id: 'TOTHER' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('requests from other workspaces are refused'),
    });
    await expectNothingChanged(before);
  });
});

describe('messages to the bot', () => {
  it('hands a direct message to the core and replies in its thread', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.post({ text: 'Planning…', blocks: [{ type: 'text', text: '**Planning**…' }] });
    });
    expect((await slack.event(dm('every monday email finance'))).status).toBe(200);
    await slack.adapter.idle();
    expect(core.incomings).toEqual([
      {
        kind: 'message',
        actor: {
          tenantId: slack.adapter.workspace.tenantId,
          person: 'slack:user/U1',
          displayName: 'Ann',
          locale: 'de-DE',
        },
        conversation: { platform: 'slack', channel: 'D1', thread: '1700000100.000100', direct: true },
        text: 'every monday email finance',
      },
    ]);
    const [post] = slack.fake.calls('chat.postMessage');
    expect(post).toMatchObject({
      token: slack.fake.token,
      args: {
        channel: 'D1',
        thread_ts: '1700000100.000100',
        text: 'Planning…',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Planning*…' } }],
      },
    });
  });

  it('links the Slack user and their email as one person on first sight', async () => {
    slack.fake.addUser({ id: 'U7', email: 'bob@example.com', name: 'Bob' });
    await slack.event({ ...dm('hi'), user: 'U7' });
    await slack.adapter.idle();
    const person = await slack.database.db.withTenant(slack.adapter.workspace.tenantId, (tx) =>
      findPerson(tx, 'slack:user/U7'),
    );
    expect(person?.references).toEqual(['email:bob@example.com', 'slack:user/U7']);
    await slack.event({ ...dm('again', '1700000100.000200'), user: 'U7' });
    await slack.adapter.idle();
    expect(slack.fake.calls('users.info').filter((call) => call.args.user === 'U7')).toHaveLength(1);
  });

  it('ignores edits, bot messages and the bot’s own posts', async () => {
    await slack.event({ ...dm('edited'), subtype: 'message_changed' });
    await slack.event({ ...dm('from a bot'), bot_id: 'BOTHER' });
    await slack.event({ ...dm('mine'), user: 'UBOT' });
    await slack.adapter.idle();
    expect(core.incomings).toEqual([]);
  });

  it('handles an event Slack retries only once', async () => {
    await slack.event(dm('once'), { eventId: 'EvRetried' });
    await slack.event(dm('once'), { eventId: 'EvRetried' });
    await slack.adapter.idle();
    expect(core.incomings).toHaveLength(1);
  });

  it('hands a mention in a channel to the core without the mention, then replies in that thread', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.post({ text: 'Which day?', blocks: [{ type: 'text', text: 'Which day?' }] });
    });
    await slack.event({
      type: 'app_mention',
      channel: 'C1',
      user: 'U1',
      text: '<@UBOT> email finance weekly',
      ts: '1700000200.000100',
    });
    await slack.adapter.idle();
    expect(core.incomings[0]).toMatchObject({
      kind: 'message',
      conversation: { platform: 'slack', channel: 'C1', thread: '1700000200.000100', direct: false },
      text: 'email finance weekly',
    });
    expect(slack.fake.calls('chat.postMessage')[0]?.args).toMatchObject({
      channel: 'C1',
      thread_ts: '1700000200.000100',
    });

    // A reply in that thread reaches the core without a mention; one in another thread does not.
    const reply = { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'Mondays' };
    await slack.event({ ...reply, ts: '1700000200.000300', thread_ts: '1700000200.000100' });
    await slack.event({ ...reply, ts: '1700000200.000400', thread_ts: '1700000999.000100' });
    await slack.event({ ...reply, ts: '1700000200.000500' });
    await slack.adapter.idle();
    expect(core.incomings).toHaveLength(2);
    expect(core.incomings[1]).toMatchObject({
      kind: 'message',
      text: 'Mondays',
      conversation: { channel: 'C1', thread: '1700000200.000100', direct: false },
    });
  });

  it('strips mentions of the bot only', () => {
    expect(stripMention('<@UBOT|switchboard> ask <@U2>  now', 'UBOT')).toBe('ask <@U2> now');
  });
});

describe('/switchboard', () => {
  it('acknowledges at once and hands the command to the core, answering privately', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.postPrivate({
        text: 'No workflows yet.',
        blocks: [{ type: 'text', text: 'No workflows yet.' }],
      });
    });
    const response = await slack.command('list');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await slack.adapter.idle();
    expect(core.incomings).toEqual([
      expect.objectContaining({
        kind: 'command',
        text: 'list',
        conversation: { platform: 'slack', channel: 'C1', thread: null, direct: false },
      }),
    ]);
    expect(slack.fake.calls('chat.postEphemeral')[0]?.args).toMatchObject({
      channel: 'C1',
      user: 'U1',
      text: 'No workflows yet.',
    });
  });

  it('answers through the response_url when the bot is not in the channel', async () => {
    core.behave(async (_incoming, responder) => {
      await responder.postPrivate({ text: 'Only you see this', blocks: [] });
    });
    slack.fake.fail('chat.postEphemeral', 'channel_not_found');
    await slack.command('help', { channel_id: 'C9' });
    await slack.adapter.idle();
    expect(slack.fake.calls('response_url')[0]?.args).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only you see this',
    });
  });

  it('answers within Slack’s window while the core is still working', async () => {
    let finish!: () => void;
    const working = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let coreDone = false;
    core.behave(async () => {
      await working;
      coreDone = true;
    });
    const started = Date.now();
    const response = await slack.command('describe a long plan');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(coreDone).toBe(false);
    expect(core.incomings).toHaveLength(1);
    finish();
    await slack.adapter.idle();
    expect(coreDone).toBe(true);
  });

  it('tells the person privately when the core fails', async () => {
    core.behave(async () => {
      throw new Error('boom');
    });
    await slack.command('list');
    await slack.adapter.idle();
    expect(slack.fake.calls('chat.postEphemeral')[0]?.args.text).toContain('something went wrong');
    expect(slack.warnings.some((w) => String(w.fields?.error).includes('boom'))).toBe(true);
  });
});

describe('buttons and modals', () => {
  it('hands a button press to the core with the message it was on, which the core can update', async () => {
    core.behave(async (incoming, responder) => {
      if (incoming.kind === 'action' && incoming.message) {
        await responder.update(incoming.message, {
          text: 'Approved',
          blocks: [{ type: 'context', text: 'Approved' }],
        });
      }
    });
    const response = await slack.interaction(
      blockAction({
        teamId: slack.fake.teamId,
        actionId: TASK_ACTIONS.approve,
        value: 'task-1',
        ts: '1700000300.000100',
      }),
    );
    expect(response.status).toBe(200);
    await slack.adapter.idle();
    expect(core.incomings).toEqual([
      expect.objectContaining({
        kind: 'action',
        actionId: 'task.approve',
        value: 'task-1',
        conversation: { platform: 'slack', channel: 'D1', thread: '1700000300.000100', direct: true },
        message: { platform: 'slack', address: { channel: 'D1', ts: '1700000300.000100' } },
      }),
    ]);
    expect(slack.fake.calls('chat.update')[0]?.args).toMatchObject({
      channel: 'D1',
      ts: '1700000300.000100',
      text: 'Approved',
    });
  });

  it('asks for the reason in a modal before a rejection and hands the submission to the core', async () => {
    const actionId = 'task.reject#1#r#Reason';
    await slack.interaction(
      blockAction({
        teamId: slack.fake.teamId,
        actionId,
        value: 'task-9',
        label: 'Reject',
        ts: '1700000400.000100',
      }),
    );
    const open = await slack.fake.waitForCall('views.open');
    await slack.adapter.idle();
    expect(core.incomings).toEqual([]);
    expect(open.args.trigger_id).toBe('trigger-action');
    expect(open.args.view).toMatchObject({
      type: 'modal',
      callback_id: 'switchboard.modal',
      title: { text: 'Reject' },
      blocks: [{ type: 'input', block_id: 'comment', optional: false, label: { text: 'Reason' } }],
    });

    const response = await slack.interaction(
      viewSubmission({
        teamId: slack.fake.teamId,
        view: open.args.view,
        values: { comment: { comment: { type: 'plain_text_input', value: 'Too expensive' } } },
      }),
    );
    expect(response.status).toBe(200);
    await slack.adapter.idle();
    expect(core.incomings).toEqual([
      expect.objectContaining({
        kind: 'action',
        actionId: 'task.reject',
        value: 'task-9',
        inputs: { comment: 'Too expensive' },
        conversation: { platform: 'slack', channel: 'D1', thread: '1700000400.000100', direct: true },
        message: { platform: 'slack', address: { channel: 'D1', ts: '1700000400.000100' } },
      }),
    ]);
  });

  it('opens a message’s form in a modal and hands the submitted values to the core', async () => {
    core.behave(async (incoming, responder) => {
      if (incoming.kind !== 'message') return;
      await responder.post({
        text: 'Please fill in',
        blocks: [
          { type: 'heading', text: 'Expenses' },
          {
            type: 'inputs',
            inputs: [
              { key: 'amount', label: 'Amount', type: 'number', required: true },
              { key: 'note', label: 'Note', type: 'text', required: false },
            ],
            submit: { id: TASK_ACTIONS.submit, label: 'Submit', value: 'task-form' },
          },
        ],
      });
    });
    await slack.event(dm('form please', '1700000500.000100'));
    await slack.adapter.idle();
    const posted = slack.fake.calls('chat.postMessage')[0]!;
    const button = posted.args.blocks[1].elements[0];
    expect(button.action_id).toBe(OPEN_FORM_ACTION);

    core.incomings.length = 0;
    await slack.interaction(
      blockAction({
        teamId: slack.fake.teamId,
        actionId: button.action_id,
        value: button.value,
        ts: '1700000000.000001',
      }),
    );
    const open = await slack.fake.waitForCall('views.open');
    expect(open.args.view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(['amount', 'note']);
    await slack.interaction(
      viewSubmission({
        teamId: slack.fake.teamId,
        view: open.args.view,
        values: {
          amount: { amount: { type: 'number_input', value: '42' } },
          note: { note: { type: 'plain_text_input', value: null } },
        },
      }),
    );
    await slack.adapter.idle();
    expect(core.incomings).toEqual([
      expect.objectContaining({
        kind: 'action',
        actionId: 'task.submit',
        value: 'task-form',
        inputs: { amount: '42' },
      }),
    ]);
  });

  it('ignores modal submissions that are not its own', async () => {
    await slack.interaction(
      viewSubmission({ teamId: slack.fake.teamId, view: { callback_id: 'someone.else' }, values: {} }),
    );
    await slack.adapter.idle();
    expect(core.incomings).toEqual([] as Incoming[]);
  });
});
