import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../graph/index.js';
import type { CredentialSecret, TenantTx } from '../../store/index.js';
import { type HttpCapture, startHttpCapture } from '../../test/http-capture.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import { systemResolve } from '../http/guarded-agent.js';
import { createHttpExecutor, type HttpExecutorOptions } from './http.js';
import { stepInputFor } from './step-input-fixture.js';

let capture: HttpCapture;
const TOKEN = 'tok_SECRET_1234567890';

const credentials: HttpExecutorOptions['credentials'] = {
  async getCredential(_tx, name): Promise<CredentialSecret | null> {
    if (name === 'api') return { type: 'bearer', token: TOKEN };
    if (name === 'keyed') return { type: 'header', name: 'X-Api-Key', value: 'key_SECRET_abcdef' };
    return null;
  },
};
const withTenantTx = async <R>(fn: (tx: TenantTx) => Promise<R>) => fn({} as TenantTx);

/** `*.test` names resolve to 127.0.0.1, as a hostile DNS answer would. */
const lookup: HttpExecutorOptions['lookup'] = async (host) =>
  host.endsWith('.test') ? [{ address: '127.0.0.1', family: 4 }] : systemResolve(host);

const allowLoopback = createHttpExecutor({ credentials, allowHosts: '127.0.0.1, localhost', lookup });
const strict = createHttpExecutor({ credentials, lookup });

function node(fields: Partial<NodeOf<'http'>>): NodeOf<'http'> {
  return { id: 'call', type: 'http', method: 'GET', url: `${capture.url}/ok`, ...fields } as NodeOf<'http'>;
}

beforeAll(async () => {
  capture = await startHttpCapture();
});

afterAll(async () => {
  await capture.close();
});

describe('http executor: requests and outputs', () => {
  it('renders url, query, headers and JSON body, and returns status, headers and parsed JSON', async () => {
    capture.respond('/items/42', { status: 201, body: { created: true }, headers: { 'x-trace': 't1' } });
    const result = await allowLoopback(
      stepInputFor(
        node({
          method: 'POST',
          url: `${capture.url}/items/{{ trigger.id }}`,
          query: { q: '{{ trigger.name }}' },
          headers: { 'X-Tenant': 'acme-{{ trigger.id }}' },
          body: { amount: '{{ trigger.amount }}', note: 'for {{ trigger.name }}' },
        }),
        { context: { trigger: { id: 42, name: 'Ann & Bob', amount: 12.5 } } },
      ),
    );
    expect(result.output).toMatchObject({
      status: 201,
      body: { created: true },
      headers: { 'x-trace': 't1' },
    });
    const [request] = capture.requestsTo('/items/42');
    expect(request?.method).toBe('POST');
    expect(request?.query.get('q')).toBe('Ann & Bob');
    expect(request?.headers['x-tenant']).toBe('acme-42');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({ amount: 12.5, note: 'for Ann & Bob' });
  });

  it('returns text bodies as text', async () => {
    capture.respond('/text', { body: 'plain words', headers: { 'content-type': 'text/plain' } });
    const result = await allowLoopback(stepInputFor(node({ url: `${capture.url}/text` })));
    expect(result.output).toMatchObject({ status: 200, body: 'plain words' });
  });

  it('sends the same Idempotency-Key on every attempt of a step, and another for another step', async () => {
    capture.respond('/idem', { status: 200, body: {} });
    const call = node({ method: 'POST', url: `${capture.url}/idem`, body: {} });
    await allowLoopback(stepInputFor(call, { attempt: 1 }));
    await allowLoopback(stepInputFor(call, { attempt: 2 }));
    await allowLoopback(stepInputFor(call, { stepKey: 'run-1/call/1' }));
    const keys = capture.requestsTo('/idem').map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});

describe('http executor: credentials', () => {
  it('sends the bearer token but never returns it, even when the server echoes it', async () => {
    capture.respond('/echo', (request) => ({
      body: { saw: request.headers.authorization },
      headers: { 'x-echo': String(request.headers.authorization) },
    }));
    const result = await allowLoopback(
      stepInputFor(node({ url: `${capture.url}/echo`, auth: { credential: 'api' } }), { withTenantTx }),
    );
    expect(capture.requestsTo('/echo')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('keeps the credential out of error messages', async () => {
    capture.respond('/echo-fail', (request) => ({
      status: 400,
      body: `bad key ${request.headers['x-api-key']}`,
    }));
    const attempt = allowLoopback(
      stepInputFor(node({ url: `${capture.url}/echo-fail`, auth: { credential: 'keyed' } }), {
        withTenantTx,
      }),
    );
    await expect(attempt).rejects.toThrow(PermanentStepError);
    await expect(attempt).rejects.toThrow(/answered 400: bad key \[redacted\]/);
    expect(capture.requestsTo('/echo-fail')[0]?.headers['x-api-key']).toBe('key_SECRET_abcdef');
  });

  it('fails permanently, naming the credential, when the tenant has none of that name', async () => {
    await expect(
      allowLoopback(stepInputFor(node({ auth: { credential: 'nope' } }), { withTenantTx })),
    ).rejects.toThrow(/no credential named "nope"/);
  });

  it('drops the credential when a redirect leaves the origin', async () => {
    capture.respond('/hop', { redirectTo: `http://localhost:${capture.port}/landed` });
    capture.respond('/landed', { body: { ok: true } });
    await allowLoopback(
      stepInputFor(node({ url: `${capture.url}/hop`, auth: { credential: 'api' } }), { withTenantTx }),
    );
    expect(capture.requestsTo('/hop')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(capture.requestsTo('/landed')[0]?.headers.authorization).toBeUndefined();
  });
});

describe('http executor: retry classification', () => {
  it('retries 503 honouring Retry-After seconds', async () => {
    capture.respond('/busy', { status: 503, headers: { 'retry-after': '7' }, body: 'later' });
    const attempt = allowLoopback(stepInputFor(node({ url: `${capture.url}/busy` })));
    await expect(attempt).rejects.toBeInstanceOf(RetryableStepError);
    await expect(attempt).rejects.toMatchObject({ code: 'http.status_503', retryAfterMs: 7000 });
  });

  it('retries 429 honouring a Retry-After date', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const executor = createHttpExecutor({ credentials, allowHosts: '127.0.0.1', clock: () => now });
    capture.respond('/limited', { status: 429, headers: { 'retry-after': 'Sun, 01 Mar 2026 10:00:30 GMT' } });
    await expect(executor(stepInputFor(node({ url: `${capture.url}/limited` })))).rejects.toMatchObject({
      retryable: true,
      code: 'http.status_429',
      retryAfterMs: 30_000,
    });
  });

  it('does not retry other 4xx, and accepts statuses listed in expect', async () => {
    capture.respond('/missing', { status: 404, body: { error: 'no such thing' } });
    await expect(allowLoopback(stepInputFor(node({ url: `${capture.url}/missing` })))).rejects.toMatchObject({
      retryable: false,
      code: 'http.status_404',
    });
    const result = await allowLoopback(
      stepInputFor(node({ url: `${capture.url}/missing`, expect: [200, 404] })),
    );
    expect(result.output).toMatchObject({ status: 404, body: { error: 'no such thing' } });
  });

  it('retries network errors', async () => {
    capture.respond('/drop', { destroy: true });
    await expect(allowLoopback(stepInputFor(node({ url: `${capture.url}/drop` })))).rejects.toMatchObject({
      retryable: true,
      code: 'http.network',
    });
  });

  it('retries when the attempt times out', async () => {
    const executor = createHttpExecutor({ credentials, allowHosts: '127.0.0.1', defaultTimeoutMs: 150 });
    capture.respond('/slow', { delayMs: 1000, body: {} });
    await expect(executor(stepInputFor(node({ url: `${capture.url}/slow` })))).rejects.toMatchObject({
      retryable: true,
      code: 'http.timeout',
    });
  });
});

describe('http executor: response cap', () => {
  const small = createHttpExecutor({ credentials, allowHosts: '127.0.0.1', maxResponseBytes: 100_000 });

  it('refuses a streamed body past the cap', async () => {
    capture.respond('/huge', { streamBytes: 5_000_000 });
    await expect(small(stepInputFor(node({ url: `${capture.url}/huge` })))).rejects.toThrow(
      /larger than 100000 bytes \(HTTP_MAX_RESPONSE_BYTES\)/,
    );
  });

  it('refuses a declared content-length past the cap', async () => {
    capture.respond('/declared', { body: 'y'.repeat(200_000) });
    await expect(small(stepInputFor(node({ url: `${capture.url}/declared` })))).rejects.toMatchObject({
      retryable: false,
      code: 'http.response_too_large',
    });
  });

  it('accepts a body within the cap', async () => {
    capture.respond('/fits', { body: 'z'.repeat(99_000) });
    const result = await small(stepInputFor(node({ url: `${capture.url}/fits` })));
    expect((result.output as { body: string }).body).toHaveLength(99_000);
  });
});

describe('http executor: destinations', () => {
  it('refuses localhost, which resolves to a loopback address, without an allow-list', async () => {
    const before = capture.requests.length;
    const attempt = strict(stepInputFor(node({ url: `http://localhost:${capture.port}/ok` })));
    await expect(attempt).rejects.toMatchObject({ retryable: false, code: 'http.destination_refused' });
    await expect(attempt).rejects.toThrow(/localhost resolves to .*loopback.*HTTP_ALLOW_HOSTS/);
    expect(capture.requests.length).toBe(before);
  });

  it('refuses IP literals: 127.0.0.1, IPv6 loopback and IPv4-mapped IPv6', async () => {
    for (const url of [
      `http://127.0.0.1:${capture.port}/ok`,
      `http://[::1]:${capture.port}/ok`,
      `http://[::ffff:127.0.0.1]:${capture.port}/ok`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      await expect(strict(stepInputFor(node({ url })))).rejects.toMatchObject({
        code: 'http.destination_refused',
      });
    }
  });

  it('checks the resolved address of a public-looking name (DNS pointing inside)', async () => {
    await expect(
      strict(stepInputFor(node({ url: `http://api.partner.test:${capture.port}/ok` }))),
    ).rejects.toThrow(/api\.partner\.test resolves to 127\.0\.0\.1/);
  });

  it('checks every redirect: an allowed host redirecting to a private address is refused', async () => {
    const executor = createHttpExecutor({ credentials, allowHosts: 'allowed.test', lookup });
    capture.respond('/bounce', { redirectTo: `http://127.0.0.1:${capture.port}/internal` });
    const attempt = executor(stepInputFor(node({ url: `http://allowed.test:${capture.port}/bounce` })));
    await expect(attempt).rejects.toMatchObject({ code: 'http.destination_refused' });
    expect(capture.requestsTo('/bounce')).toHaveLength(1);
    expect(capture.requestsTo('/internal')).toHaveLength(0);
  });

  it('follows redirects (303 turns POST into GET) up to five', async () => {
    capture.respond('/post-here', { status: 303, redirectTo: '/result' });
    capture.respond('/result', { body: { done: true } });
    const result = await allowLoopback(
      stepInputFor(node({ method: 'POST', url: `${capture.url}/post-here`, body: { a: 1 } })),
    );
    expect(result.output).toMatchObject({ status: 200, body: { done: true } });
    expect(capture.requestsTo('/result')[0]?.method).toBe('GET');

    capture.respond('/loop', { redirectTo: '/loop' });
    await expect(allowLoopback(stepInputFor(node({ url: `${capture.url}/loop` })))).rejects.toMatchObject({
      code: 'http.too_many_redirects',
    });
    expect(capture.requestsTo('/loop')).toHaveLength(6);
  });

  it('refuses non-http schemes and URLs carrying credentials', async () => {
    await expect(allowLoopback(stepInputFor(node({ url: 'file:///etc/passwd' })))).rejects.toMatchObject({
      code: 'http.invalid_url',
    });
    await expect(
      allowLoopback(stepInputFor(node({ url: `http://u:p@127.0.0.1:${capture.port}/` }))),
    ).rejects.toMatchObject({
      code: 'http.invalid_url',
    });
  });
});
