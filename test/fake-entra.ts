import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { selfSignedCertificate } from './self-signed-certificate.js';

/**
 * A local Microsoft Entra ID for tests of outgoing authentication: the OAuth 2.0 client-credentials
 * flow as MSAL (inside the Agents SDK's `MsalTokenProvider`) runs it.
 *
 * What MSAL calls, and so what this serves (over HTTPS: MSAL refuses `http:` authorities with
 * `authority_uri_insecure`):
 * - `GET https://login.microsoftonline.com/common/discovery/instance?…&authorization_endpoint=<authority>/<tenant>/oauth2/v2.0/authorize`
 *   — instance discovery, for any authority host MSAL has no built-in metadata for. The URL is
 *   fixed inside MSAL, so `routeFetchHere` sends connections for `login.microsoftonline.com` here.
 * - `GET <authority>/<tenant>/v2.0/.well-known/openid-configuration` — endpoint discovery (again
 *   only for hosts MSAL does not know; for `login.microsoftonline.com` it has them built in).
 * - `POST <authority>/<tenant>/oauth2/v2.0/token` with `grant_type=client_credentials`,
 *   `client_id`, `client_secret` and `scope` (`<resource>/.default`).
 *
 * Errors are Entra's: `invalid_client` (401, AADSTS7000215) for a wrong secret,
 * `unauthorized_client` (400, AADSTS700016) for an app unknown in the tenant, `invalid_scope`
 * (400, AADSTS1002012 / AADSTS500011), `unsupported_grant_type` (400, AADSTS70003),
 * `invalid_instance` (400, AADSTS50049) from instance discovery for an unknown host.
 */

/** An app registration: the client credentials the fake accepts, in one tenant. */
export interface EntraApp {
  clientId: string;
  clientSecret: string;
  /** Tenant id in the token URL. Default `botframework.com`, the SDK's tenant for multi-tenant bots. */
  tenantId?: string;
}

/** One token request as the fake understood it, and what it answered. */
export interface EntraTokenRequest {
  /** Host the request was addressed to (`login.microsoftonline.com` or `127.0.0.1:<port>`). */
  host: string;
  tenantId: string;
  grantType: string | null;
  clientId: string | null;
  clientSecret: string | null;
  scope: string | null;
  /** The access token issued, or the OAuth error code returned. */
  outcome: { accessToken: string } | { error: string };
}

export interface FakeEntra {
  /** `https://127.0.0.1:<port>`: the authority to configure (the SDK's `authorityEndpoint`). */
  readonly authority: string;
  /** PEM of the self-signed certificate the server presents. */
  readonly certificate: string;
  /** Adds an app registration. */
  registerApp(app: EntraApp): void;
  /** Every token request, in order. */
  readonly tokenRequests: EntraTokenRequest[];
  /** Every request as `<METHOD> <host><path without query>`, in order. */
  readonly requests: string[];
  /**
   * Makes this process's `fetch` trust the certificate and reach this server for
   * `login.microsoftonline.com` (as a hosts-file entry would; the TLS name stays the real one and
   * the certificate covers it). Other hosts are untouched. Returns the undo.
   */
  routeFetchHere(): () => void;
  close(): Promise<void>;
}

/** The resources a bot may ask tokens for. */
const KNOWN_RESOURCES = ['https://api.botframework.com'];
const PUBLIC_CLOUD_HOST = 'login.microsoftonline.com';
const TOKEN_LIFETIME_SECONDS = 3599;
const DEFAULT_SCOPE_SUFFIX = '/.default';

interface TokenAnswer {
  status: number;
  body: object;
  outcome: EntraTokenRequest['outcome'];
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const { certificate, key } = selfSignedCertificate(['127.0.0.1', PUBLIC_CLOUD_HOST]);
  const apps: Required<EntraApp>[] = [];
  const tokenRequests: EntraTokenRequest[] = [];
  const requests: string[] = [];

  const server: Server = createServer({ cert: certificate, key }, async (request, response) => {
    const host = request.headers.host ?? '';
    const url = new URL(request.url ?? '/', `https://${host}`);
    requests.push(`${request.method} ${host}${url.pathname}`);
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(json));
    };
    const [tenantId = '', ...rest] = url.pathname.split('/').filter(Boolean);
    const route = rest.join('/');

    if (request.method === 'GET' && tenantId === 'common' && route === 'discovery/instance') {
      const endpoint = url.searchParams.get('authorization_endpoint') ?? '';
      const instance = URL.canParse(endpoint) ? new URL(endpoint).host : '';
      if (!knownHosts().includes(instance)) {
        send(400, entraError('invalid_instance', 50049, 'Unknown or invalid instance.'));
        return;
      }
      send(200, {
        tenant_discovery_endpoint: `https://${instance}/${tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: knownHosts().map((known) => ({
          preferred_network: known,
          preferred_cache: known,
          aliases: [known],
        })),
      });
      return;
    }
    if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
      const base = `https://${host}/${tenantId}`;
      send(200, {
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
        tenant_region_scope: 'EU',
      });
      return;
    }
    if (request.method === 'POST' && route === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(await readBody(request));
      const tokenRequest = {
        host,
        tenantId,
        grantType: form.get('grant_type'),
        clientId: form.get('client_id'),
        clientSecret: form.get('client_secret'),
        scope: form.get('scope'),
      };
      const answer = answerTokenRequest(tokenRequest);
      tokenRequests.push({ ...tokenRequest, outcome: answer.outcome });
      send(answer.status, answer.body);
      return;
    }
    send(404, entraError('invalid_request', 900_561, `No endpoint ${request.method} ${url.pathname}.`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const authority = `https://127.0.0.1:${port}`;
  const knownHosts = () => [PUBLIC_CLOUD_HOST, `127.0.0.1:${port}`];

  /** Entra's decision on a client-credentials request: the HTTP answer and what to record. */
  function answerTokenRequest(request: Omit<EntraTokenRequest, 'outcome'>): TokenAnswer {
    if (request.grantType !== 'client_credentials') {
      return refusal(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const app = apps.find((candidate) => candidate.clientId === request.clientId);
    if (!app || app.tenantId !== request.tenantId) {
      const problem = `Application with identifier '${request.clientId}' was not found in the directory '${request.tenantId}'.`;
      return refusal(400, 'unauthorized_client', 700016, problem);
    }
    if (request.clientSecret !== app.clientSecret) {
      return refusal(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided for app '${app.clientId}'.`,
      );
    }
    const resource = request.scope?.endsWith(DEFAULT_SCOPE_SUFFIX)
      ? request.scope.slice(0, -DEFAULT_SCOPE_SUFFIX.length)
      : undefined;
    if (!resource) {
      const problem = `The provided value '${request.scope}' for scope is not valid; client credentials need '<resource>/.default'.`;
      return refusal(400, 'invalid_scope', 1002012, problem);
    }
    if (!KNOWN_RESOURCES.includes(resource)) {
      const problem = `The resource principal named ${resource} was not found in the tenant.`;
      return refusal(400, 'invalid_scope', 500011, problem);
    }
    const accessToken = `entra-access-token-${randomBytes(12).toString('hex')}`;
    const body = {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    };
    return { status: 200, body, outcome: { accessToken } };
  }

  return {
    authority,
    certificate,
    registerApp: (app) => apps.push({ tenantId: 'botframework.com', ...app }),
    tokenRequests,
    requests,
    routeFetchHere() {
      const connect = buildConnector({ ca: [...rootCertificates, certificate] });
      const previous: Dispatcher = getGlobalDispatcher();
      const agent = new Agent({
        connect: (options, callback) =>
          connect(
            options.hostname === PUBLIC_CLOUD_HOST
              ? { ...options, hostname: '127.0.0.1', port: String(port) }
              : options,
            callback,
          ),
      });
      setGlobalDispatcher(agent);
      return () => {
        setGlobalDispatcher(previous);
        void agent.close();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function refusal(status: number, error: string, code: number, description: string): TokenAnswer {
  return { status, body: entraError(error, code, description), outcome: { error } };
}

/** Entra's error body: an OAuth error code and an AADSTS description. */
function entraError(error: string, code: number, description: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: `${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    trace_id: randomBytes(16).toString('hex'),
    correlation_id: randomBytes(16).toString('hex'),
  };
}

async function readBody(request: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
