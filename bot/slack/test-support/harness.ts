import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  createTestDatabase,
  type FakeSlack,
  signSlackRequest,
  startFakeSlack,
  type TestDatabase,
} from '../../../test/index.js';
import type { ConversationCore, Incoming, Responder } from '../../core/model.js';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter, type SlackLogger } from '../adapter.js';

/**
 * A Slack adapter in HTTP mode on a local server, against the fake Web API and a test database,
 * with helpers sending signed Slack requests (events, slash commands, interactions).
 */

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** A core that records what it is handed and answers as the test says (by default: nothing). */
export interface RecordingCore extends ConversationCore {
  readonly incomings: Incoming[];
  behave(fn: (incoming: Incoming, responder: Responder) => Promise<void>): void;
}

export function recordingCore(): RecordingCore {
  const incomings: Incoming[] = [];
  let behaviour: (incoming: Incoming, responder: Responder) => Promise<void> = async () => undefined;
  return {
    incomings,
    behave(fn) {
      behaviour = fn;
    },
    async handle(incoming, responder) {
      incomings.push(incoming);
      await behaviour(incoming, responder);
    },
  };
}

export interface SendOptions {
  /** Default now. */
  timestamp?: number;
  /** Replaces the signature (wrong signatures); null sends none. */
  signature?: string | null;
  contentType?: string;
}

export interface SlackHarness {
  fake: FakeSlack;
  database: TestDatabase;
  adapter: SlackAdapter;
  /** Base URL of the local server. */
  url: string;
  warnings: { message: string; fields?: Record<string, unknown> }[];
  /** POSTs a raw body to /slack/events, signed unless told otherwise. */
  send(body: string, options?: SendOptions): Promise<Response>;
  /** An Events API callback for `event` from the fake's team (or `teamId`). */
  event(event: Record<string, unknown>, options?: { eventId?: string; teamId?: string }): Promise<Response>;
  /** `/switchboard <text>` from `user` in `channel`. */
  command(text: string, fields?: Record<string, string>): Promise<Response>;
  /** An interaction payload (block_actions, view_submission). */
  interaction(payload: Record<string, unknown>): Promise<Response>;
  /** Rows of the adapter's tables and the people directory (what a refused request must not change). */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The core, or how to build it on the harness's database and fake Slack. */
export type CoreSource =
  | ConversationCore
  | ((env: { database: TestDatabase; fake: FakeSlack }) => ConversationCore | Promise<ConversationCore>);

export async function startSlackHarness(source: CoreSource): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const database = await createTestDatabase();
  const core = typeof source === 'function' ? await source({ database, fake }) : source;
  const warnings: SlackHarness['warnings'] = [];
  const logger: SlackLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }),
  };
  const adapter = await createSlackAdapter({
    core,
    botToken: fake.token,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    db: database.db.pool,
    withTenant: database.db.withTenant,
    logger,
  });
  const app = express();
  adapter.routes(app);
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let eventCount = 0;

  const send: SlackHarness['send'] = (body, options = {}) => {
    const signed = signSlackRequest(SIGNING_SECRET, body, options.timestamp);
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': signed['x-slack-request-timestamp'],
    };
    if (options.signature !== null)
      headers['x-slack-signature'] = options.signature ?? signed['x-slack-signature'];
    return fetch(`${url}${SLACK_EVENTS_PATH}`, { method: 'POST', headers, body });
  };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formType = { contentType: 'application/x-www-form-urlencoded' };

  return {
    fake,
    database,
    adapter,
    url,
    warnings,
    send,
    event(event, options = {}) {
      eventCount += 1;
      return send(
        JSON.stringify({
          token: 'legacy',
          team_id: options.teamId ?? fake.teamId,
          api_app_id: 'A1',
          type: 'event_callback',
          event_id: options.eventId ?? `Ev${eventCount}`,
          event_time: 1_700_000_000,
          event: { event_ts: event.ts, ...event },
        }),
      );
    },
    command(text, fields = {}) {
      eventCount += 1;
      return send(
        form({
          token: 'legacy',
          team_id: fake.teamId,
          team_domain: 'fake',
          channel_id: 'C1',
          channel_name: 'general',
          user_id: 'U1',
          user_name: 'ann',
          command: '/switchboard',
          text,
          api_app_id: 'A1',
          response_url: fake.responseUrl('command'),
          // Unique like Slack's, so two equal commands in one second are not taken for a replay.
          trigger_id: `trigger-command-${eventCount}`,
          ...fields,
        }),
        formType,
      );
    },
    interaction(payload) {
      return send(form({ payload: JSON.stringify(payload) }), formType);
    },
    async rowCounts() {
      const counts: Record<string, number> = {};
      for (const table of [
        'slack_seen',
        'slack_posts',
        'slack_forms',
        'slack_threads',
        'person_identities',
      ]) {
        const { rows } = await database.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        counts[table] = Number(rows[0]!.n);
      }
      return counts;
    },
    async close() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      await database.drop();
    },
  };
}

/** A block_actions payload: `user` pressed the button `actionId` with `value` on message `ts` of `channel`. */
export function blockAction(options: {
  teamId: string;
  user?: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
  actionId: string;
  value: string;
  label?: string;
  responseUrl?: string;
}): Record<string, unknown> {
  const channel = options.channel ?? 'D1';
  const ts = options.ts ?? '1700000000.000001';
  return {
    type: 'block_actions',
    team: { id: options.teamId, domain: 'fake' },
    user: { id: options.user ?? 'U1', username: 'ann', team_id: options.teamId },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: 'trigger-action',
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' },
    message: {
      type: 'message',
      ts,
      text: 'card',
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    response_url: options.responseUrl ?? 'http://127.0.0.1:9/response',
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'b1',
        value: options.value,
        text: { type: 'plain_text', text: options.label ?? 'Button' },
        action_ts: '1700000001.000000',
      },
    ],
  };
}

/** A view_submission payload for `view` (as the adapter opened it) with `values` as Slack reports them. */
export function viewSubmission(options: {
  teamId: string;
  user?: string;
  view: { callback_id?: string; private_metadata?: string };
  values: Record<string, Record<string, unknown>>;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: options.teamId, domain: 'fake' },
    user: { id: options.user ?? 'U1', name: 'ann', team_id: options.teamId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trigger-view',
    view: {
      id: 'V1',
      type: 'modal',
      team_id: options.teamId,
      callback_id: options.view.callback_id,
      private_metadata: options.view.private_metadata,
      state: { values: options.values },
      hash: 'h',
    },
  };
}
