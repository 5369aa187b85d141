import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeLlmServer, reply, startFakeLlm } from './fake-llm.js';

let fake: FakeLlmServer;

beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('fake LLM server', () => {
  it('answers an Anthropic tool call with the scripted object and cache usage', async () => {
    fake.enqueue(
      'anthropic',
      reply.object({ ok: true }, { inputTokens: 50, outputTokens: 5, cachedTokens: 30 }),
    );
    const res = await post('/anthropic/v1/messages', {
      model: 'claude-x',
      tool_choice: { type: 'tool', name: 'plan' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      model: 'claude-x',
      content: [{ type: 'tool_use', name: 'plan', input: { ok: true } }],
      usage: { input_tokens: 20, output_tokens: 5, cache_read_input_tokens: 30 },
    });
  });

  it('answers chat completions with JSON content and records the request', async () => {
    fake.enqueue('openai', reply.object({ a: 1 }));
    const res = await post('/openai/v1/chat/completions', { model: 'gpt-x', messages: [] });
    expect(await res.json()).toMatchObject({ choices: [{ message: { content: '{"a":1}' } }] });
    expect(fake.requests('openai')).toHaveLength(1);
    expect(fake.requests('openai')[0]?.body).toEqual({ model: 'gpt-x', messages: [] });
  });

  it('routes unprefixed chat completions to Mistral by its SDK user agent', async () => {
    fake.enqueue('mistral', reply.text('hi'));
    fake.enqueue('openai', reply.text('hello'));
    await post(
      '/v1/chat/completions',
      { model: 'm' },
      { 'user-agent': 'speakeasy-sdk/typescript @mistralai/mistralai' },
    );
    await post('/chat/completions', { model: 'o' });
    expect(fake.requests().map((r) => r.provider)).toEqual(['mistral', 'openai']);
  });

  it('injects 429 with Retry-After and 500 in each provider error shape', async () => {
    fake.enqueue('anthropic', reply.rateLimited('7'));
    fake.enqueue('openai', reply.serverError());
    const limited = await post('/anthropic/v1/messages', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const failed = await post('/openai/v1/chat/completions', {});
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { type: 'server_error' } });
  });

  it('fails loudly when nothing is scripted', async () => {
    const res = await post('/compatible/v1/chat/completions', {});
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain('nothing scripted for compatible');
  });

  it('hangs until the client gives up', async () => {
    fake.enqueue('openai', reply.hang());
    const attempt = fetch(`${fake.url}/openai/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(100),
    });
    await expect(attempt).rejects.toThrow(/abort|timeout/i);
  });
});
