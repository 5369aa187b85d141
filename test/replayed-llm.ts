import { createLlmClient, type LlmClient } from '../llm/index.js';
import { type FakeLlmServer, reply, startFakeLlm } from './fake-llm.js';

/**
 * Recorded model answers told again over the wire: the real LLM client (the Anthropic SDK) against
 * the fake LLM server, which answers each request with the next of `answers`. For stories told end
 * to end — the chat conversation tests and `npm run demo`.
 */
export interface ReplayedLlm {
  /** The client to give the planner. */
  readonly client: LlmClient;
  /** The fake server, to count or inspect the requests the planner made. */
  readonly server: FakeLlmServer;
  close(): Promise<void>;
}

export async function startReplayedLlm(answers: readonly unknown[]): Promise<ReplayedLlm> {
  const server = await startFakeLlm();
  for (const answer of answers) server.enqueue('anthropic', reply.object(answer));
  const client = createLlmClient({
    config: {
      providers: [
        { name: 'anthropic', apiKey: 'replayed', baseUrl: server.baseUrl('anthropic'), model: 'replayed' },
      ],
      prices: {},
      timeoutMs: 10_000,
      maxRetries: 0,
      maxRetryDelayMs: 0,
    },
  });
  return {
    client,
    server,
    async close() {
      await client.shutdown();
      await server.close();
    },
  };
}
