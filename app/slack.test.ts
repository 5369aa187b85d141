import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenant } from '../store/index.js';
import {
  createTestDatabase,
  type FakeSlack,
  signSlackRequest,
  startFakeSlack,
  type TestDatabase,
} from '../test/index.js';
import { type Config, loadConfig, slackModeOf } from './config.js';
import { createAppEngine } from './engine.js';
import { silentLogger } from './logger.js';
import { type RunningSwitchboard, startSwitchboard } from './switchboard.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'switchboard-slack-config-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ env, cwd });
const BOT = 'xoxb-1-2-abc';

describe('Slack configuration', () => {
  it('leaves Slack off without a bot token', () => {
    expect(slackModeOf(load({}))).toBeNull();
  });

  it('uses HTTP mode with bot token and signing secret, Socket Mode with an app token', () => {
    expect(slackModeOf(load({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's' }))).toBe('http');
    expect(slackModeOf(load({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1-x' }))).toBe('socket');
  });

  it('stops start-up naming the missing variable when only some are set', () => {
    expect(() => load({ SLACK_BOT_TOKEN: BOT })).toThrow(
      /SLACK_SIGNING_SECRET: is required with SLACK_BOT_TOKEN/,
    );
    expect(() => load({ SLACK_SIGNING_SECRET: 's' })).toThrow(
      /SLACK_BOT_TOKEN: is required when SLACK_SIGNING_SECRET is set/,
    );
    expect(() => load({ SLACK_APP_TOKEN: 'xapp-1-x' })).toThrow(
      /SLACK_BOT_TOKEN: is required when SLACK_APP_TOKEN is set/,
    );
  });

  it('checks token kinds without showing them', () => {
    expect(() => load({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })).toThrow(
      /^(?![\s\S]*xoxp-user-token)[\s\S]*SLACK_BOT_TOKEN: must be a bot token/,
    );
    expect(() => load({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-wrong' })).toThrow(
      /SLACK_APP_TOKEN: must be an app-level token/,
    );
  });
});

describe('Slack in the running service', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let running: RunningSwitchboard;
  let config: Config;
  const secret = 'app-test-signing-secret';

  beforeAll(async () => {
    fake = await startFakeSlack({ token: BOT, teamId: 'TAPP' });
    fake.addUser({ id: 'U1', email: 'ann@example.com', name: 'Ann' });
    database = await createTestDatabase();
    config = load({
      DATABASE_URL: database.url,
      SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('hex'),
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fake.apiUrl,
    });
    running = await startSwitchboard({ config, logger: silentLogger });
  });
  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await database?.drop();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${running.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signSlackRequest(secret, body) },
      body,
    });

  it('serves POST /slack/events: url_verification, and refuses unsigned requests', async () => {
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 't' });
    expect(await (await post(challenge)).json()).toEqual({ challenge: 'abc' });
    const unsigned = await fetch(`${running.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: challenge,
    });
    expect(unsigned.status).toBe(401);
  });

  it('answers a direct message through the conversation core', async () => {
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: 'TAPP',
      event_id: 'EvApp1',
      event: { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'help', ts: '1.000001' },
    });
    expect((await post(event)).status).toBe(200);
    const reply = await fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'D1', 10_000);
    expect(reply.args.thread_ts).toBe('1.000001');
  });

  it('reaches an approver named by email in Slack before they ever talked to the bot', async () => {
    fake.addUser({ id: 'U7', email: 'dan@example.com', name: 'Dan' });
    // Another engine process on the same database, composed as every process is.
    const engine = await createAppEngine(config, running.database, silentLogger);
    try {
      const tenant = await findTenant(running.database.pool, 'slack:TAPP');
      const workflow = await engine.createWorkflow(tenant!.id, {
        schema: 'switchboard/workflow@1',
        name: 'Pay invoice',
        locale: 'en',
        trigger: { type: 'manual' },
        nodes: [
          {
            id: 'ask',
            type: 'approval',
            title: 'Pay invoice INV-9',
            message: 'Please approve.',
            approvers: ['email:dan@example.com'],
            next: { approved: 'done', rejected: 'done' },
          },
          { id: 'done', type: 'end' },
        ],
      });
      await engine.activateWorkflow(tenant!.id, workflow.id);
      await engine.startRun(tenant!.id, workflow.id, { trigger: 'manual', input: {} });
      await engine.drain();
      const card = await fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'D7', 10_000);
      expect(JSON.stringify(card.args.blocks)).toContain('Pay invoice INV-9');
      expect(fake.calls('users.lookupByEmail').map((call) => call.args.email)).toEqual(['dan@example.com']);
    } finally {
      await engine.stop();
    }
  });
});
