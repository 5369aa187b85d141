import type { ConversationReference } from '@microsoft/agents-activity';
import { MsalTokenProvider } from '@microsoft/agents-hosting';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeEntra, startFakeEntra } from '../../test/fake-entra.js';
import { type FakeBotConnector, startFakeBotConnector } from '../../test/index.js';
import { createTeamsConnector, type TeamsAuthOptions } from './connector.js';
import { TeamsAuthError } from './errors.js';
import { CLIENT_ID, TEAMS_TENANT } from './test-support/harness.js';

/**
 * Outgoing calls in production mode with the SDK's own token provider (MSAL client credentials),
 * against a local Entra (HTTPS, self-signed certificate trusted by this process's fetch) and the
 * fake Bot Connector: no `connections` override anywhere in this file.
 */

const SECRET = 'the-right-secret';
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

let entra: FakeEntra;
let fake: FakeBotConnector;
let unroute: () => void;

beforeAll(async () => {
  entra = await startFakeEntra();
  entra.registerApp({ clientId: CLIENT_ID, clientSecret: SECRET, tenantId: TEAMS_TENANT });
  unroute = entra.routeFetchHere();
});

afterAll(async () => {
  unroute();
  await entra.close();
});

beforeEach(async () => {
  fake = await startFakeBotConnector();
  entra.tokenRequests.length = 0;
  entra.requests.length = 0;
});

afterEach(async () => {
  await fake.close();
  // The SDK caches tokens and MSAL clients per process; each test starts from Entra.
  MsalTokenProvider.clearSharedCaches();
});

const production = (overrides: Partial<TeamsAuthOptions> = {}) =>
  createTeamsConnector({ clientId: CLIENT_ID, clientSecret: SECRET, tenantId: TEAMS_TENANT, ...overrides })!;

const chat = (): ConversationReference =>
  ({
    channelId: 'msteams',
    serviceUrl: fake.url,
    conversation: { id: 'a:personal-chat-of-ann' },
  }) as ConversationReference;

const hello = { type: 'message', text: 'hello' };

describe('outgoing Bot Connector calls in production mode', () => {
  it('carry the token Entra issued for the bot’s client credentials at TEAMS_AUTHORITY_URL', async () => {
    const connector = production({ authorityEndpoint: entra.authority });

    await connector.send(chat(), hello);

    expect(entra.tokenRequests).toEqual([
      {
        host: new URL(entra.authority).host,
        tenantId: TEAMS_TENANT,
        grantType: 'client_credentials',
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        scope: BOT_FRAMEWORK_SCOPE,
        outcome: { accessToken: expect.stringMatching(/^entra-access-token-/) },
      },
    ]);
    const issued = (entra.tokenRequests[0]!.outcome as { accessToken: string }).accessToken;
    expect(fake.calls).toMatchObject([{ kind: 'send', authorization: `Bearer ${issued}` }]);
    // MSAL's discovery for an authority it has no built-in metadata for.
    expect(entra.requests).toEqual([
      'GET login.microsoftonline.com/common/discovery/instance',
      `GET ${new URL(entra.authority).host}/${TEAMS_TENANT}/v2.0/.well-known/openid-configuration`,
      `POST ${new URL(entra.authority).host}/${TEAMS_TENANT}/oauth2/v2.0/token`,
    ]);
  });

  it('get their token from login.microsoftonline.com without TEAMS_AUTHORITY_URL', async () => {
    const connector = production();

    await connector.send(chat(), hello);

    // MSAL knows the public cloud's endpoints: no discovery, only the token request.
    expect(entra.requests).toEqual([`POST login.microsoftonline.com/${TEAMS_TENANT}/oauth2/v2.0/token`]);
    const issued = (entra.tokenRequests[0]!.outcome as { accessToken: string }).accessToken;
    expect(fake.calls).toMatchObject([{ authorization: `Bearer ${issued}` }]);
  });

  it('ask the botframework.com tenant for a multi-tenant bot (no TEAMS_TENANT_ID)', async () => {
    entra.registerApp({ clientId: '6f0d3a8e-1111-4c2b-9d7e-000000000002', clientSecret: SECRET });
    const connector = production({ clientId: '6f0d3a8e-1111-4c2b-9d7e-000000000002', tenantId: undefined });

    await connector.send(chat(), hello);

    expect(entra.tokenRequests).toMatchObject([{ tenantId: 'botframework.com', scope: BOT_FRAMEWORK_SCOPE }]);
    expect(fake.calls).toHaveLength(1);
  });

  it('reuse one token for later calls', async () => {
    const connector = production({ authorityEndpoint: entra.authority });

    const id = await connector.send(chat(), hello);
    await connector.update(chat(), id, { type: 'message', text: 'edited' });

    expect(entra.tokenRequests).toHaveLength(1);
    expect(fake.calls.map((call) => call.authorization)).toEqual([
      fake.calls[0]!.authorization,
      fake.calls[0]!.authorization,
    ]);
  });

  it('fail with TeamsAuthError and send nothing when Entra refuses the client secret', async () => {
    const connector = production({ authorityEndpoint: entra.authority, clientSecret: 'an-expired-secret' });

    const sending = connector.send(chat(), hello);

    await expect(sending).rejects.toThrow(TeamsAuthError);
    await expect(sending).rejects.toMatchObject({
      code: 'teams.auth',
      status: 401,
      permanent: true,
      message: expect.stringMatching(
        /invalid_client.*AADSTS7000215.*Check TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET/s,
      ),
    });
    expect(entra.tokenRequests).toMatchObject([
      { clientId: CLIENT_ID, clientSecret: 'an-expired-secret', outcome: { error: 'invalid_client' } },
    ]);
    expect(fake.calls).toEqual([]);
  });
});
