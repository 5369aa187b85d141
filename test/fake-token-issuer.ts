import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Entra-like token issuer for tests of inbound authentication: it serves its signing
 * keys as a JWKS at `<authority>/<tenant>/discovery/v2.0/keys` (where the Agents SDK looks for
 * the keys of a token issued by `<authority>/<tenant>/v2.0`) and signs RS256 JWTs. `forge` signs
 * with a key it does not publish (same `kid`), as an attacker would.
 */

export interface FakeTokenIssuer {
  /** `http://127.0.0.1:<port>`: the authority to configure. */
  readonly authority: string;
  /** Issuer claim of tokens for `tenantId`. */
  issuerFor(tenantId: string): string;
  /** A token signed with the published key. `claims` override the defaults (1 hour validity). */
  sign(claims: Record<string, unknown>): string;
  /** A token with the same header but signed with an unpublished key. */
  forge(claims: Record<string, unknown>): string;
  /** Key requests served so far. */
  readonly keyRequests: number;
  close(): Promise<void>;
}

const KID = 'test-signing-key';

export async function startFakeTokenIssuer(): Promise<FakeTokenIssuer> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...published.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' };
  let keyRequests = 0;
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url?.endsWith('/discovery/v2.0/keys')) {
      keyRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authority,
    issuerFor: (tenantId) => `${authority}/${tenantId}/v2.0`,
    sign: (claims) => signJwt(claims, published.privateKey),
    forge: (claims) => signJwt(claims, unpublished.privateKey),
    get keyRequests() {
      return keyRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: KID };
  const payload = { iat: now, nbf: now, exp: now + 3600, ...claims };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}
