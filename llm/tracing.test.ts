import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeLlmServer, reply, startFakeLlm } from '../test/fake-llm.js';
import { createLlmClient } from './client.js';
import type { LlmCallRecord, LlmConfig } from './types.js';

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function config(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    providers: [
      { name: 'anthropic', apiKey: 'k', baseUrl: fake.baseUrl('anthropic'), model: 'claude-sonnet-4-6' },
    ],
    prices: { 'claude-sonnet-4-6': { input: 3, output: 15, cached: 0.3 } },
    timeoutMs: 2000,
    maxRetries: 0,
    maxRetryDelayMs: 1000,
    ...overrides,
  };
}

const request = {
  tenantId: '00000000-0000-0000-0000-000000000001',
  purpose: 'plan',
  prompt: { name: 'planner', version: '7' },
  schema: z.object({ ok: z.boolean() }),
  system: [{ text: 'You plan workflows.', cache: true }],
  messages: [{ role: 'user' as const, content: 'Approve invoices' }],
};

describe('Langfuse tracing', () => {
  it('exports one trace per turn with a generation per call carrying model, IO, usage, cost and prompt', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const records: LlmCallRecord[] = [];
    const client = createLlmClient({
      config: config(),
      tracerProvider,
      recorder: { record: async (r) => void records.push(r) },
    });
    fake.enqueue(
      'anthropic',
      reply.object({ ok: true }, { inputTokens: 1000, outputTokens: 100, cachedTokens: 800 }),
    );
    await client.withTrace('planning turn', { sessionId: 'thread-1', conversation: 'c-9' }, () =>
      client.generateObject(request),
    );
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    const root = spans.find((s) => s.name === 'planning turn')!;
    const generation = spans.find((s) => s.name === 'plan anthropic')!;
    expect(root.attributes).toMatchObject({
      'langfuse.trace.name': 'planning turn',
      'session.id': 'thread-1',
      'langfuse.trace.metadata.conversation': 'c-9',
    });
    expect(generation.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(generation.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    const a = generation.attributes;
    expect(a['langfuse.observation.type']).toBe('generation');
    expect(a['langfuse.observation.model.name']).toBe('claude-sonnet-4-6');
    expect(a['langfuse.version']).toBe('7');
    expect(a['langfuse.observation.metadata.promptName']).toBe('planner');
    expect(JSON.parse(String(a['langfuse.observation.input']))).toMatchObject({
      messages: [{ role: 'user', content: 'Approve invoices' }],
    });
    expect(a['langfuse.observation.output']).toBe('{"ok":true}');
    expect(JSON.parse(String(a['langfuse.observation.usage_details']))).toEqual({
      input: 200,
      output: 100,
      cache_read_input_tokens: 800,
      total: 1100,
    });
    // 200 × $3 + 800 × $0.3 + 100 × $15, per million tokens.
    expect(JSON.parse(String(a['langfuse.observation.cost_details']))).toEqual({ total: 0.00234 });
    expect(records[0]?.traceId).toBe(root.spanContext().traceId);
  });

  it('marks a failed call as an ERROR generation', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const client = createLlmClient({ config: config(), tracerProvider });
    fake.enqueue('anthropic', reply.error(401, 'bad key'));
    await expect(client.withTrace('turn', {}, () => client.generateObject(request))).rejects.toThrow(
      /LLM_AUTH_FAILED/,
    );
    const generation = exporter.getFinishedSpans().find((s) => s.name === 'plan anthropic')!;
    expect(generation.attributes['langfuse.observation.level']).toBe('ERROR');
    expect(String(generation.attributes['langfuse.observation.status_message'])).toMatch(/^LLM_AUTH_FAILED/);
  });

  it('sends spans to Langfuse over OTLP when the Langfuse keys are configured', async () => {
    const received: { path: string; auth: string | undefined; body: string }[] = [];
    const sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          auth: req.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    try {
      const client = createLlmClient({
        config: config({ langfuse: { publicKey: 'pk-lf', secretKey: 'sk-lf', baseUrl } }),
      });
      fake.enqueue('anthropic', reply.object({ ok: true }));
      await client.withTrace('planning turn', {}, () => client.generateObject(request));
      await client.shutdown();
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]?.path).toBe('/api/public/otel/v1/traces');
      expect(received[0]?.auth).toBe(`Basic ${Buffer.from('pk-lf:sk-lf').toString('base64')}`);
      const body = received.map((r) => r.body).join('\n');
      expect(body).toContain('planning turn');
      expect(body).toContain('langfuse.observation.model.name');
    } finally {
      sink.close();
    }
  });
});
