import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connections } from '@microsoft/agents-hosting';
import express from 'express';
import {
  createTestDatabase,
  type FakeBotConnector,
  type FakeTokenIssuer,
  startFakeBotConnector,
  type TestDatabase,
} from '../../../test/index.js';
import type { ConversationCore, Incoming, Responder } from '../../core/model.js';
import { createTeamsEndpoint, TEAMS_MESSAGES_PATH, type TeamsEndpoint } from '../adapter.js';
import { createTeamsAddressBook, type TeamsAddressBook } from '../addresses.js';
import { createTeamsConnector, type TeamsConnector } from '../connector.js';

/** Shared set-up of the Teams tests: a database, the fake Bot Connector, our endpoint on a real HTTP server. */

export const CLIENT_ID = '6f0d3a8e-1111-4c2b-9d7e-000000000001';
export const TEAMS_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
export const BOT_TOKEN = 'fake-bot-token';

/** A core that records what it is given and does what the test says. */
export interface RecordingCore extends ConversationCore {
  incomings: Incoming[];
  behave(handler: (incoming: Incoming, responder: Responder) => Promise<void>): void;
}

export function recordingCore(): RecordingCore {
  let handler: (incoming: Incoming, responder: Responder) => Promise<void> = async () => {};
  const incomings: Incoming[] = [];
  return {
    incomings,
    behave(next) {
      handler = next;
    },
    async handle(incoming, responder) {
      incomings.push(incoming);
      await handler(incoming, responder);
    },
  };
}

/** Outgoing tokens without Entra: every call gets `BOT_TOKEN`. */
export function fakeConnections(): Connections {
  const provider = {
    getAccessToken: async () => BOT_TOKEN,
    getAgenticApplicationToken: async () => BOT_TOKEN,
    getAgenticInstanceToken: async () => BOT_TOKEN,
    getAgenticUserToken: async () => BOT_TOKEN,
    acquireTokenOnBehalfOf: async () => BOT_TOKEN,
  };
  return {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => ({ clientId: CLIENT_ID }),
  } as unknown as Connections;
}

export interface TeamsHarness {
  /** `http://127.0.0.1:<port>/api/messages` */
  endpointUrl: string;
  fake: FakeBotConnector;
  database: TestDatabase;
  connector: TeamsConnector;
  endpoint: TeamsEndpoint;
  addresses: TeamsAddressBook;
  withTenant: TestDatabase['db']['withTenant'];
  errors: unknown[];
  close(): Promise<void>;
}

/** What a core built inside the harness may use. */
export interface TeamsHarnessParts {
  database: TestDatabase;
  fake: FakeBotConnector;
  connector: TeamsConnector;
  addresses: TeamsAddressBook;
  withTenant: TestDatabase['db']['withTenant'];
}

export interface TeamsHarnessOptions {
  /** The core, or how to build it from the harness's database and connector. */
  core: ConversationCore | ((parts: TeamsHarnessParts) => ConversationCore);
  /** Production mode against this issuer; default local (unauthenticated) mode. */
  issuer?: FakeTokenIssuer;
  invokeTimeoutMs?: number;
}

export async function startTeamsHarness(options: TeamsHarnessOptions): Promise<TeamsHarness> {
  const database = await createTestDatabase();
  const fake = await startFakeBotConnector();
  const connector = createTeamsConnector(
    options.issuer
      ? {
          clientId: CLIENT_ID,
          clientSecret: 'not-used-with-fake-connections',
          tenantId: TEAMS_TENANT,
          authorityEndpoint: options.issuer.authority,
          connections: fakeConnections(),
        }
      : { allowUnauthenticated: true },
  )!;
  const withTenant: TestDatabase['db']['withTenant'] = (tenantId, fn) => database.db.withTenant(tenantId, fn);
  const addresses = createTeamsAddressBook(connector, withTenant);
  const errors: unknown[] = [];
  const logger = {
    info: () => {},
    warn: () => {},
    error: (_message: string, fields?: Record<string, unknown>) => errors.push(fields?.error),
  };
  const core =
    typeof options.core === 'function'
      ? options.core({ database, fake, connector, addresses, withTenant })
      : options.core;
  const endpoint = createTeamsEndpoint({
    connector,
    core,
    db: database.db.pool,
    withTenant,
    addresses,
    logger,
    ...(options.invokeTimeoutMs ? { invokeTimeoutMs: options.invokeTimeoutMs } : {}),
  });
  const app = express();
  endpoint.routes(app);
  app.use(
    (error: unknown, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      response.status(500).json({ error: String(error) });
    },
  );
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${TEAMS_MESSAGES_PATH}`,
    fake,
    database,
    connector,
    endpoint,
    addresses,
    withTenant,
    errors,
    async close() {
      await endpoint.drain();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      await database.drop();
    },
  };
}

/** Rows the Teams adapter writes, and Teams tenants: what "nothing changed" compares. */
export async function teamsFootprint(database: TestDatabase): Promise<Record<string, number>> {
  const count = async (sql: string) => Number((await database.db.pool.query<{ n: string }>(sql)).rows[0]!.n);
  return {
    tenants: await count(`SELECT count(*) AS n FROM tenants WHERE name LIKE 'teams:%'`),
    conversations: await count('SELECT count(*) AS n FROM teams_conversations'),
    members: await count('SELECT count(*) AS n FROM teams_members'),
  };
}
