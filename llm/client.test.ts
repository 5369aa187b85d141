import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeLlmServer, type FakeProvider, reply, startFakeLlm } from '../test/fake-llm.js';
import { createLlmClient } from './client.js';
import { LlmNotConfiguredError, LlmOutputInvalidError, LlmUnavailableError } from './errors.js';
import type { LlmClock, LlmConfig, LlmProviderName, ProviderSettings } from './types.js';

let fake: FakeLlmServer;

beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODELS: Record<LlmProviderName, string> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-4.1',
  mistral: 'mistral-medium-latest',
  compatible: 'qwen2.5:14b',
};

function provider(name: LlmProviderName): ProviderSettings {
  return { name, apiKey: `key-${name}`, baseUrl: fake.baseUrl(name), model: MODELS[name] };
}

function config(names: LlmProviderName[], overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    providers: names.map(provider),
    prices: {
      'claude-sonnet-4-6': { input: 3, output: 15, cached: 0.3 },
      'gpt-4.1': { input: 2, output: 8, cached: 0.5 },
    },
    timeoutMs: 2000,
    maxRetries: 2,
    maxRetryDelayMs: 30_000,
    ...overrides,
  };
}

/** A clock whose sleeps return at once and move time forward, recording each wait. */
function fakeClock(): LlmClock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The error `promise` rejects with; fails the test when it resolves. */
function rejection<E>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as E,
  );
}

const answerSchema = z.object({
  kind: z.enum(['workflow', 'questions']),
  questions: z.array(z.string()).optional(),
});

const request = {
  purpose: 'plan',
  schema: answerSchema,
  system: [{ text: 'You plan workflows. The language: …', cache: true }, { text: 'Tenant context: …' }],
  messages: [{ role: 'user' as const, content: 'Ask Ann to approve invoices over 1000 EUR' }],
};

const ALL: FakeProvider[] = ['anthropic', 'openai', 'mistral', 'compatible'];

describe.each(ALL)('generateObject through the %s SDK', (name) => {
  it('returns the parsed object with provider, model and usage', async () => {
    fake.enqueue(
      name,
      reply.object({ kind: 'questions', questions: ['Which Ann?'] }, { inputTokens: 1200, outputTokens: 30 }),
    );
    const client = createLlmClient({ config: config([name]), clock: fakeClock() });
    const result = await client.generateObject(request);
    expect(result.value).toEqual({ kind: 'questions', questions: ['Which Ann?'] });
    expect(result).toMatchObject({ provider: name, model: MODELS[name] });
    expect(result.usage).toMatchObject({ inputTokens: 1200, outputTokens: 30, cachedTokens: 0 });
    expect(JSON.parse(result.raw)).toEqual(result.value);
  });

  it('accepts strict-mode nulls for optional fields', async () => {
    fake.enqueue(name, reply.object({ kind: 'workflow', questions: null }));
    const client = createLlmClient({ config: config([name]), clock: fakeClock() });
    expect((await client.generateObject(request)).value).toEqual({ kind: 'workflow' });
  });

  it('returns text from generateText', async () => {
    fake.enqueue(name, reply.text('Hello there'));
    const client = createLlmClient({ config: config([name]), clock: fakeClock() });
    const result = await client.generateText({
      purpose: 'llm-node',
      system: [{ text: 'Be brief.' }],
      messages: request.messages,
    });
    expect(result.value).toBe('Hello there');
    expect(result.provider).toBe(name);
  });
});

describe('what each provider is sent', () => {
  it('Anthropic: a forced tool with the schema, and cache_control on static system parts only', async () => {
    fake.enqueue('anthropic', reply.object({ kind: 'workflow' }));
    await createLlmClient({ config: config(['anthropic']), clock: fakeClock() }).generateObject(request);
    const [sent] = fake.requests('anthropic');
    expect(sent?.headers.authorization).toBe('Bearer key-anthropic');
    expect(sent?.body.system).toEqual([
      { type: 'text', text: 'You plan workflows. The language: …', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Tenant context: …' },
    ]);
    expect(sent?.body.tool_choice).toEqual({ type: 'tool', name: 'result' });
    expect(sent?.body.tools[0]).toMatchObject({
      name: 'result',
      input_schema: {
        type: 'object',
        properties: { kind: { enum: ['workflow', 'questions'] } },
        required: ['kind'],
      },
    });
    expect(sent?.body.tools[0].input_schema.$schema).toBeUndefined();
    expect(sent?.body.messages).toEqual([{ role: 'user', content: request.messages[0]?.content }]);
  });

  it('OpenAI: response_format json_schema, strict, every property required and optionals nullable', async () => {
    fake.enqueue('openai', reply.object({ kind: 'workflow', questions: null }));
    await createLlmClient({ config: config(['openai']), clock: fakeClock() }).generateObject(request);
    const [sent] = fake.requests('openai');
    expect(sent?.headers.authorization).toBe('Bearer key-openai');
    expect(sent?.body.messages[0]).toEqual({
      role: 'system',
      content: 'You plan workflows. The language: …\n\nTenant context: …',
    });
    expect(sent?.body.max_completion_tokens).toBe(4096);
    expect(sent?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'result', strict: true },
    });
    const schema = sent?.body.response_format.json_schema.schema;
    expect(schema.required).toEqual(['kind', 'questions']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.questions.anyOf[1]).toEqual({ type: 'null' });
  });

  it('Mistral: response_format json_schema as its SDK serialises it', async () => {
    fake.enqueue('mistral', reply.object({ kind: 'workflow' }));
    await createLlmClient({ config: config(['mistral']), clock: fakeClock() }).generateObject(request);
    const [sent] = fake.requests('mistral');
    expect(sent?.path).toBe('/mistral/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer key-mistral');
    expect(sent?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'result', strict: true, schema: { type: 'object', additionalProperties: false } },
    });
    expect(sent?.body.max_tokens).toBe(4096);
  });

  it('uses the caller’s per-provider schema variants and decoder', async () => {
    fake.enqueue('openai', reply.object({ wrapped: { kind: 'workflow' } }));
    const seen: string[] = [];
    const client = createLlmClient({ config: config(['openai']), clock: fakeClock() });
    const result = await client.generateObject({
      ...request,
      wire: {
        name: 'workflow_answer',
        schemaFor: (p) => {
          seen.push(p);
          return {
            type: 'object',
            properties: { wrapped: { type: 'object' } },
            required: ['wrapped'],
            additionalProperties: false,
          };
        },
        decode: (_p, value) => (value as { wrapped: unknown }).wrapped,
      },
    });
    expect(seen).toEqual(['openai']);
    expect(result.value).toEqual({ kind: 'workflow' });
    expect(fake.requests('openai')[0]?.body.response_format.json_schema).toMatchObject({
      name: 'workflow_answer',
      strict: true,
    });
  });

  it('compatible: falls back to JSON mode with the schema in the prompt when json_schema is refused', async () => {
    fake.enqueue(
      'compatible',
      reply.error(400, 'response_format json_schema is not supported'),
      reply.object({ kind: 'workflow' }),
    );
    const client = createLlmClient({ config: config(['compatible']), clock: fakeClock() });
    expect((await client.generateObject(request)).value).toEqual({ kind: 'workflow' });
    const [first, second] = fake.requests('compatible');
    expect(first?.body.response_format.type).toBe('json_schema');
    expect(second?.body.response_format).toEqual({ type: 'json_object' });
    expect(second?.body.messages[0].content).toContain('matching this JSON Schema');
    expect(second?.body.max_tokens).toBe(4096);
  });

  it('compatible: accepts JSON wrapped in a Markdown code fence', async () => {
    fake.enqueue('compatible', reply.text('```json\n{"kind": "workflow"}\n```'));
    const client = createLlmClient({ config: config(['compatible']), clock: fakeClock() });
    expect((await client.generateObject(request)).value).toEqual({ kind: 'workflow' });
  });
});

describe('retries and fail-over', () => {
  it.each(['anthropic', 'openai', 'mistral'] as const)(
    '%s: retries a 429 after the Retry-After wait, on the injected clock',
    async (name) => {
      fake.enqueue(name, reply.rateLimited('7'), reply.object({ kind: 'workflow' }));
      const clock = fakeClock();
      const result = await createLlmClient({ config: config([name]), clock }).generateObject(request);
      expect(result.value).toEqual({ kind: 'workflow' });
      expect(clock.sleeps).toEqual([7000]);
      expect(fake.requests(name)).toHaveLength(2);
    },
  );

  it('backs off exponentially on 5xx without Retry-After, up to maxRetries', async () => {
    fake.enqueue(
      'openai',
      reply.serverError(500),
      reply.serverError(503),
      reply.object({ kind: 'workflow' }),
    );
    const clock = fakeClock();
    await createLlmClient({ config: config(['openai']), clock }).generateObject(request);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('retries a call that hangs past the timeout', async () => {
    fake.enqueue('anthropic', reply.hang(), reply.object({ kind: 'workflow' }));
    const clock = fakeClock();
    const client = createLlmClient({ config: config(['anthropic'], { timeoutMs: 200 }), clock });
    expect((await client.generateObject(request)).value).toEqual({ kind: 'workflow' });
    expect(clock.sleeps).toEqual([1000]);
  });

  it('fails over to the next provider after the retries are spent', async () => {
    fake.enqueue('anthropic', reply.serverError(), reply.serverError(), reply.serverError());
    fake.enqueue('openai', reply.object({ kind: 'workflow' }));
    const clock = fakeClock();
    const result = await createLlmClient({ config: config(['anthropic', 'openai']), clock }).generateObject(
      request,
    );
    expect(result.provider).toBe('openai');
    expect(fake.requests('anthropic')).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('fails over at once when Retry-After is longer than the retry bound', async () => {
    fake.enqueue('mistral', reply.rateLimited('3600'));
    fake.enqueue('compatible', reply.object({ kind: 'workflow' }));
    const clock = fakeClock();
    const result = await createLlmClient({ config: config(['mistral', 'compatible']), clock }).generateObject(
      request,
    );
    expect(result.provider).toBe('compatible');
    expect(clock.sleeps).toEqual([]);
  });

  it('fails over at once on a refused key, without retrying', async () => {
    fake.enqueue('openai', reply.error(401, 'Invalid API key'));
    fake.enqueue('anthropic', reply.object({ kind: 'workflow' }));
    const result = await createLlmClient({
      config: config(['openai', 'anthropic']),
      clock: fakeClock(),
    }).generateObject(request);
    expect(result.provider).toBe('anthropic');
    expect(fake.requests('openai')).toHaveLength(1);
  });

  it('throws LlmUnavailableError listing each provider’s last error when all fail', async () => {
    fake.enqueue('anthropic', reply.rateLimited('1'), reply.rateLimited('1'), reply.rateLimited('1'));
    fake.enqueue('openai', reply.error(401, 'Invalid API key'));
    const attempt = createLlmClient({
      config: config(['anthropic', 'openai']),
      clock: fakeClock(),
    }).generateObject(request);
    await expect(attempt).rejects.toThrow(LlmUnavailableError);
    const error = await rejection<LlmUnavailableError>(attempt);
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.failures).toEqual([
      expect.objectContaining({ provider: 'anthropic', code: 'LLM_RATE_LIMITED', attempts: 3 }),
      expect.objectContaining({ provider: 'openai', code: 'LLM_AUTH_FAILED', attempts: 1 }),
    ]);
    expect(error.message).toMatch(/anthropic \(claude-sonnet-4-6\): LLM_RATE_LIMITED/);
  });

  it('throws LlmNotConfiguredError naming the variables when no provider is configured', async () => {
    const client = createLlmClient({ config: config([]) });
    expect(client.providers).toEqual([]);
    await expect(client.generateObject(request)).rejects.toThrow(LlmNotConfiguredError);
    await expect(client.generateText({ purpose: 'x', system: [], messages: [] })).rejects.toThrow(
      /ANTHROPIC_API_KEY, OPENAI_API_KEY, MISTRAL_API_KEY, or LLM_BASE_URL/,
    );
  });
});

describe('invalid output', () => {
  it('returns LlmOutputInvalidError with the zod issues and raw text, without retrying or failing over', async () => {
    fake.enqueue('openai', reply.object({ kind: 'poem', questions: 'not a list' }));
    fake.enqueue('anthropic', reply.object({ kind: 'workflow' }));
    const attempt = createLlmClient({
      config: config(['openai', 'anthropic']),
      clock: fakeClock(),
    }).generateObject(request);
    await expect(attempt).rejects.toThrow(LlmOutputInvalidError);
    const error = await rejection<LlmOutputInvalidError>(attempt);
    expect(error.code).toBe('LLM_OUTPUT_INVALID');
    expect(error.raw).toBe('{"kind":"poem","questions":"not a list"}');
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining([['kind'], ['questions']]));
    expect(fake.requests('openai')).toHaveLength(1);
    expect(fake.requests('anthropic')).toHaveLength(0);
  });

  it.each(['anthropic', 'mistral'] as const)(
    '%s: output that is not JSON is invalid output',
    async (name) => {
      fake.enqueue(name, reply.malformedJson());
      const attempt = createLlmClient({ config: config([name]), clock: fakeClock() }).generateObject(request);
      await expect(attempt).rejects.toThrow(/is not valid JSON/);
      await expect(attempt).rejects.toMatchObject({
        provider: name,
        issues: [],
        raw: '{"kind": "workflow", "workflow": {',
      });
    },
  );
});
