import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../graph/index.js';
import { createLlmClient, type LlmClient, llmConfigFromVariables } from '../../llm/index.js';
import { createLlmCallRecorder, listLlmCalls } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { type FakeLlmServer, reply, startFakeLlm } from '../../test/fake-llm.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import { createHarness, doc, runToEnd, TENANT } from '../test-support/harness.js';
import { createLlmExecutor, LLM_NODE_PURPOSE } from './llm.js';
import { stepInputFor } from './step-input-fixture.js';

let fake: FakeLlmServer;
let database: TestDatabase;
let llm: LlmClient;
let run: ReturnType<typeof createLlmExecutor>;

const CATEGORY = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['bug', 'billing', 'other'] },
    note: { type: 'string' },
  },
  required: ['category'],
};

function node(fields: Partial<NodeOf<'llm'>> = {}): NodeOf<'llm'> {
  return {
    id: 'classify',
    type: 'llm',
    prompt: 'Classify this ticket: {{ trigger.body }}',
    ...fields,
  } as NodeOf<'llm'>;
}

const context = { trigger: { body: 'I was charged twice' } };

beforeAll(async () => {
  fake = await startFakeLlm();
  database = await createTestDatabase();
  llm = clientRecordingTo(database);
  run = createLlmExecutor({ llm });
});

afterAll(async () => {
  await llm?.shutdown();
  await database?.drop();
  await fake?.close();
});

/** An OpenAI client on the fake server, recording its calls in `to`'s llm_calls. */
function clientRecordingTo(to: TestDatabase): LlmClient {
  return createLlmClient({
    config: llmConfigFromVariables({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseUrl('openai'),
      OPENAI_MODEL: 'gpt-4.1-mini',
      // Steps are retried by the engine's retry policy; the client gives up at once here.
      LLM_MAX_RETRIES: 0,
    }),
    recorder: createLlmCallRecorder(to.db),
  });
}

beforeEach(() => fake.reset());

describe('llm executor', () => {
  it('answers with text from the prompt rendered from the run context', async () => {
    fake.enqueue('openai', reply.text('billing'));
    const result = await run(stepInputFor(node(), { context }));
    expect(result.output).toBe('billing');
    const sent = fake.requests('openai')[0]!.body;
    expect(sent.messages).toEqual([{ role: 'user', content: 'Classify this ticket: I was charged twice' }]);
    expect(sent.response_format).toBeUndefined();
  });

  it('answers with JSON matching the schema, sent as a strict schema', async () => {
    fake.enqueue('openai', reply.object({ category: 'billing', note: null }));
    const result = await run(stepInputFor(node({ output: 'json', schema: CATEGORY }), { context }));
    // The strict wire's null for an absent optional property is dropped.
    expect(result.output).toEqual({ category: 'billing' });
    const format = fake.requests('openai')[0]!.body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema).toMatchObject({
      required: ['category', 'note'],
      additionalProperties: false,
      properties: { note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    });
  });

  it('asks for any JSON object without a schema, not strictly', async () => {
    fake.enqueue('openai', reply.object({ anything: [1, 2] }));
    const result = await run(stepInputFor(node({ output: 'json' }), { context }));
    expect(result.output).toEqual({ anything: [1, 2] });
    const format = fake.requests('openai')[0]!.body.response_format;
    expect(format.json_schema).toMatchObject({ strict: false, schema: { type: 'object' } });
  });

  it('wraps a schema whose root is not an object and unwraps the answer', async () => {
    fake.enqueue('openai', reply.object({ value: ['a', 'b'] }));
    const schema = { type: 'array', items: { type: 'string' } };
    const result = await run(stepInputFor(node({ output: 'json', schema }), { context }));
    expect(result.output).toEqual(['a', 'b']);
    const format = fake.requests('openai')[0]!.body.response_format;
    expect(format.json_schema.schema.properties.value).toEqual(schema);
  });

  it('fails permanently with the validation messages when the answer violates the schema', async () => {
    fake.enqueue('openai', reply.object({ category: 'refund' }));
    const attempt = run(stepInputFor(node({ output: 'json', schema: CATEGORY }), { context }));
    await expect(attempt).rejects.toThrow(PermanentStepError);
    await expect(attempt).rejects.toMatchObject({
      code: 'llm.output_invalid',
      message: expect.stringMatching(/category: .*"bug"\|"billing"\|"other"/),
    });
  });

  it('fails permanently when the answer is not JSON', async () => {
    fake.enqueue('openai', reply.malformedJson());
    await expect(run(stepInputFor(node({ output: 'json' }), { context }))).rejects.toMatchObject({
      code: 'llm.output_invalid',
      retryable: false,
    });
  });

  it('fails permanently on a schema it cannot check answers with, before calling the model', async () => {
    const attempt = run(stepInputFor(node({ output: 'json', schema: { type: 'bogus' } }), { context }));
    await expect(attempt).rejects.toMatchObject({ code: 'llm.schema_invalid', retryable: false });
    expect(fake.requests()).toHaveLength(0);
  });

  it('is retryable with the Retry-After wait when the provider is rate limited', async () => {
    fake.enqueue('openai', reply.rateLimited('7'));
    const attempt = run(stepInputFor(node(), { context }));
    await expect(attempt).rejects.toThrow(RetryableStepError);
    await expect(attempt).rejects.toMatchObject({ code: 'llm.rate_limited', retryAfterMs: 7000 });
  });

  it('is retryable on server errors and permanent when every provider refuses the request', async () => {
    fake.enqueue('openai', reply.serverError(503));
    await expect(run(stepInputFor(node(), { context }))).rejects.toMatchObject({
      code: 'llm.unavailable',
      retryable: true,
    });
    fake.enqueue('openai', reply.error(401, 'Invalid API key'));
    await expect(run(stepInputFor(node(), { context }))).rejects.toMatchObject({
      code: 'llm.rejected',
      retryable: false,
    });
  });

  it('fails a template error permanently', async () => {
    await expect(run(stepInputFor(node({ prompt: 'Hi {{ trigger. }}' }), { context }))).rejects.toMatchObject(
      { code: 'llm.template', retryable: false },
    );
  });

  it('stops waiting when the step is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run(stepInputFor(node(), { context, signal: controller.signal }))).rejects.toMatchObject({
      code: 'llm.aborted',
      retryable: true,
    });
    expect(fake.requests()).toHaveLength(0);
  });

  it('fails with llm.not_configured naming the variables when no provider is set', async () => {
    const none = createLlmClient({ config: llmConfigFromVariables({}) });
    const attempt = createLlmExecutor({ llm: none })(stepInputFor(node(), { context }));
    await expect(attempt).rejects.toThrow(PermanentStepError);
    await expect(attempt).rejects.toMatchObject({
      code: 'llm.not_configured',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
  });

  it('records the call in llm_calls against the run', async () => {
    fake.enqueue('openai', reply.text('bug', { inputTokens: 42, outputTokens: 3 }));
    await run(stepInputFor(node(), { context, tenantId: TENANT, runId: 'run-recorded' }));
    const calls = await database.db.withTenant(TENANT, (tx) => listLlmCalls(tx, { runId: 'run-recorded' }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      purpose: LLM_NODE_PURPOSE,
      provider: 'openai',
      model: 'gpt-4.1-mini',
      inputTokens: 42,
      outputTokens: 3,
      outcome: 'ok',
      runId: 'run-recorded',
    });
  });
});

describe('llm step in a run', () => {
  it('runs to completion with the answer in steps.<id>, its usage recorded against the run', async () => {
    // The harness's engine has a database of its own: record there.
    const h = await createHarness({ llm: (input) => step(input) });
    const client = clientRecordingTo(h.database);
    const step = createLlmExecutor({ llm: client });
    try {
      fake.enqueue('openai', reply.object({ category: 'billing' }));
      const finished = await runToEnd(
        h,
        doc([
          { ...node({ output: 'json', schema: CATEGORY }), next: 'done' },
          { id: 'done', type: 'end', output: { category: '{{ steps.classify.category }}' } },
        ]),
        { body: 'I was charged twice' },
      );
      expect(finished.status).toBe('completed');
      expect(finished.steps.find((s) => s.node === 'classify')?.output).toEqual({ category: 'billing' });
      expect(finished.output).toEqual({ category: 'billing' });
      expect(fake.requests('openai')[0]!.body.messages[0].content).toBe(
        'Classify this ticket: I was charged twice',
      );
      const calls = await h.database.db.withTenant(TENANT, (tx) => listLlmCalls(tx, { runId: finished.id }));
      expect(calls.map((c) => [c.purpose, c.outcome])).toEqual([[LLM_NODE_PURPOSE, 'ok']]);
    } finally {
      await client.shutdown();
      await h.close();
    }
  });
});
