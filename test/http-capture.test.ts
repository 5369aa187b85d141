import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpCapture, startHttpCapture } from './http-capture.js';

let capture: HttpCapture;

beforeAll(async () => {
  capture = await startHttpCapture();
});

afterAll(async () => {
  await capture.close();
});

describe('http capture server', () => {
  it('records requests and answers as scripted per path and per count', async () => {
    capture.respond('/flaky', (_request, count) =>
      count < 2 ? { status: 503, headers: { 'retry-after': '1' } } : { body: { ok: true } },
    );
    const first = await fetch(`${capture.url}/flaky?x=1`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-k': 'v' },
    });
    const second = await fetch(`${capture.url}/flaky`);
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await second.json()).toEqual({ ok: true });
    const [recorded] = capture.requestsTo('/flaky');
    expect(recorded).toMatchObject({ method: 'POST', json: { a: 1 } });
    expect(recorded?.headers['x-k']).toBe('v');
    expect(recorded?.query.get('x')).toBe('1');
  });

  it('streams large bodies and redirects', async () => {
    capture.respond('/big', { streamBytes: 300_000 });
    capture.respond('/moved', { redirectTo: '/big' });
    const response = await fetch(`${capture.url}/moved`);
    expect((await response.arrayBuffer()).byteLength).toBe(300_000);
  });
});
