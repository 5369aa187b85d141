import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake LLM server on 127.0.0.1 speaking, as the real SDKs expect them, the Anthropic Messages
 * API (`POST /v1/messages`), OpenAI Chat Completions (`POST /v1/chat/completions`, also
 * `/chat/completions`) and Mistral's chat API (`POST /v1/chat/completions`). Each provider has a
 * queue of scripted replies; every request is recorded so tests can assert what was sent.
 *
 * Point an SDK at `baseUrl(provider)`: the prefix (`/anthropic`, `/openai/v1`, `/mistral`,
 * `/compatible/v1`) picks the queue. Unprefixed paths work too (`/v1/messages` is Anthropic;
 * `/v1/chat/completions` is Mistral when its SDK's user agent says so, else OpenAI).
 */

export type FakeProvider = 'anthropic' | 'openai' | 'mistral' | 'compatible';

export interface FakeUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Input tokens read from the prompt cache (Anthropic: cache_read_input_tokens). */
  cachedTokens?: number;
}

export type FakeReply =
  /** The model answers with this object: a tool call (Anthropic) or JSON content. */
  | { kind: 'object'; value: unknown; usage?: FakeUsage }
  /** The model answers with this text (also how to send text that is not JSON). */
  | { kind: 'text'; text: string; usage?: FakeUsage }
  /** An HTTP error, e.g. 429 with `retryAfter: '2'`, or 500. */
  | { kind: 'error'; status: number; retryAfter?: string; message?: string }
  /** Never answers (until the client gives up or the server closes). */
  | { kind: 'hang' };

export const reply = {
  object: (value: unknown, usage?: FakeUsage): FakeReply => ({
    kind: 'object',
    value,
    ...(usage ? { usage } : {}),
  }),
  text: (text: string, usage?: FakeUsage): FakeReply => ({ kind: 'text', text, ...(usage ? { usage } : {}) }),
  /** Output that is not JSON at all. */
  malformedJson: (): FakeReply => ({ kind: 'text', text: '{"kind": "workflow", "workflow": {' }),
  rateLimited: (retryAfter?: string): FakeReply => ({
    kind: 'error',
    status: 429,
    message: 'Rate limit exceeded',
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  }),
  serverError: (status = 500): FakeReply => ({ kind: 'error', status, message: 'Internal server error' }),
  error: (status: number, message = 'Bad request'): FakeReply => ({ kind: 'error', status, message }),
  hang: (): FakeReply => ({ kind: 'hang' }),
};

export interface RecordedRequest {
  provider: FakeProvider;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are asserted field by field in tests.
  body: any;
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The base URL to give `provider`'s SDK (or `LLM_BASE_URL` for `compatible`). */
  baseUrl(provider: FakeProvider): string;
  /** Appends scripted replies to `provider`'s queue. */
  enqueue(provider: FakeProvider, ...replies: FakeReply[]): void;
  /** Requests received, oldest first; only `provider`'s when given. */
  requests(provider?: FakeProvider): RecordedRequest[];
  /** Empties the queues and the request log. */
  reset(): void;
  close(): Promise<void>;
}

const PREFIXES: Record<FakeProvider, string> = {
  anthropic: '/anthropic',
  openai: '/openai/v1',
  mistral: '/mistral',
  compatible: '/compatible/v1',
};

export async function startFakeLlm(): Promise<FakeLlmServer> {
  const queues = new Map<FakeProvider, FakeReply[]>();
  let log: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const route = routeOf(req);
    if (!route || req.method !== 'POST') {
      sendJson(res, 404, { error: { message: `fake LLM: no route for ${req.method} ${req.url}` } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    log.push({ provider: route, method: req.method, path: req.url ?? '', headers: req.headers, body });
    const next = queues.get(route)?.shift();
    if (!next) {
      sendError(res, route, {
        kind: 'error',
        status: 500,
        message: `fake LLM: nothing scripted for ${route}`,
      });
      return;
    }
    if (next.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (next.kind === 'error') {
      sendError(res, route, next);
      return;
    }
    // biome-ignore lint/suspicious/noExplicitAny: the request as the SDK sent it.
    const request = body as any;
    const model = String(request?.model ?? 'unknown');
    if (route === 'anthropic') sendJson(res, 200, anthropicMessage(request, model, next));
    else sendJson(res, 200, chatCompletion(route, model, next));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    baseUrl: (provider) => `${url}${PREFIXES[provider]}`,
    enqueue(provider, ...replies) {
      queues.set(provider, [...(queues.get(provider) ?? []), ...replies]);
    },
    requests: (provider) => (provider ? log.filter((r) => r.provider === provider) : [...log]),
    reset() {
      queues.clear();
      log = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function routeOf(req: IncomingMessage): FakeProvider | undefined {
  const path = (req.url ?? '').split('?')[0] ?? '';
  for (const [provider, prefix] of Object.entries(PREFIXES) as [FakeProvider, string][]) {
    if (!path.startsWith(`${prefix}/`)) continue;
    const rest = path.slice(prefix.length);
    if (provider === 'anthropic') return rest === '/v1/messages' ? provider : undefined;
    if (provider === 'mistral') return rest === '/v1/chat/completions' ? provider : undefined;
    return rest === '/chat/completions' ? provider : undefined;
  }
  if (path === '/v1/messages') return 'anthropic';
  if (path === '/v1/chat/completions' && /mistral/i.test(String(req.headers['user-agent']))) return 'mistral';
  if (path === '/v1/chat/completions' || path === '/chat/completions') return 'openai';
  return undefined;
}

function tokens(usage: FakeUsage | undefined) {
  return {
    input: usage?.inputTokens ?? 100,
    output: usage?.outputTokens ?? 20,
    cached: usage?.cachedTokens ?? 0,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the request as the SDK sent it.
function anthropicMessage(request: any, model: string, next: FakeReply & { kind: 'object' | 'text' }) {
  const t = tokens(next.usage);
  const toolName: string = request?.tool_choice?.name ?? request?.tools?.[0]?.name ?? 'result';
  const content =
    next.kind === 'object'
      ? [{ type: 'tool_use', id: 'toolu_fake', name: toolName, input: next.value }]
      : [{ type: 'text', text: next.text, citations: null }];
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: next.kind === 'object' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      // Anthropic counts cache reads apart from input_tokens.
      input_tokens: t.input - t.cached,
      output_tokens: t.output,
      cache_read_input_tokens: t.cached,
      cache_creation_input_tokens: 0,
    },
  };
}

function chatCompletion(
  provider: FakeProvider,
  model: string,
  next: FakeReply & { kind: 'object' | 'text' },
) {
  const t = tokens(next.usage);
  const content = next.kind === 'object' ? JSON.stringify(next.value) : next.text;
  const message =
    provider === 'mistral'
      ? { role: 'assistant', content, tool_calls: null, prefix: false }
      : { role: 'assistant', content, refusal: null };
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: t.input,
      completion_tokens: t.output,
      total_tokens: t.input + t.output,
      prompt_tokens_details: { cached_tokens: t.cached },
    },
  };
}

function sendError(res: ServerResponse, provider: FakeProvider, error: FakeReply & { kind: 'error' }): void {
  const message = error.message ?? `HTTP ${error.status}`;
  const body =
    provider === 'anthropic'
      ? { type: 'error', error: { type: error.status === 429 ? 'rate_limit_error' : 'api_error', message } }
      : provider === 'mistral'
        ? { object: 'error', message, type: 'error', code: String(error.status) }
        : {
            error: {
              message,
              type: error.status === 429 ? 'rate_limit_exceeded' : 'server_error',
              code: null,
            },
          };
  sendJson(
    res,
    error.status,
    body,
    error.retryAfter !== undefined ? { 'retry-after': error.retryAfter } : {},
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
