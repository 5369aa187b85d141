import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A local HTTP server for tests of HTTP steps and webhooks: it records every request (method,
 * path, headers, body) and answers with responses scripted per path.
 */

export interface CapturedRequest {
  method: string;
  /** Path with query string, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** `body` parsed as JSON, when it is JSON. */
  json: unknown;
}

export interface ScriptedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A string, or any other value sent as JSON (with a JSON content type unless one is given). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Stream this many bytes of `x` (in 64 KiB chunks) instead of `body`, with no content-length. */
  streamBytes?: number;
  /** Answer 302 (or `status`) with this Location. */
  redirectTo?: string;
  /** Close the connection without answering. */
  destroy?: boolean;
}

/** A response, or a function of the request (e.g. fail twice, then succeed). */
export type Responder = ScriptedResponse | ((request: CapturedRequest, count: number) => ScriptedResponse);

export interface HttpCapture {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly requests: CapturedRequest[];
  /** Scripts the answers for `path` (exact path, without query). Unscripted paths get 200 `{}`. */
  respond(path: string, responder: Responder): void;
  /** Requests to `path`. */
  requestsTo(path: string): CapturedRequest[];
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Starts a capture server on 127.0.0.1 and a free port. */
export async function startHttpCapture(): Promise<HttpCapture> {
  const requests: CapturedRequest[] = [];
  const scripts = new Map<string, Responder>();
  const counts = new Map<string, number>();

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://capture.local');
    const captured: CapturedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
      body,
      json: parseJson(body),
    };
    requests.push(captured);
    const count = (counts.get(captured.path) ?? 0) + 1;
    counts.set(captured.path, count);
    const responder = scripts.get(captured.path) ?? { status: 200, body: {} };
    const scripted = typeof responder === 'function' ? responder(captured, count) : responder;
    await answer(res, scripted);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    respond(path, responder) {
      scripts.set(path, responder);
    },
    requestsTo(path) {
      return requests.filter((request) => request.path === path);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function answer(res: ServerResponse, scripted: ScriptedResponse): Promise<void> {
  if (scripted.delayMs) await sleep(scripted.delayMs);
  if (res.destroyed) return;
  if (scripted.destroy) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...scripted.headers };
  if (scripted.redirectTo !== undefined) {
    res.writeHead(scripted.status ?? 302, { ...headers, location: scripted.redirectTo });
    res.end();
    return;
  }
  if (scripted.streamBytes !== undefined) {
    res.writeHead(scripted.status ?? 200, { 'content-type': 'text/plain', ...headers });
    let left = scripted.streamBytes;
    while (left > 0 && !res.destroyed) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end();
    return;
  }
  let body = '';
  if (typeof scripted.body === 'string') body = scripted.body;
  else if (scripted.body !== undefined) {
    body = JSON.stringify(scripted.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  res.writeHead(scripted.status ?? 200, headers);
  res.end(body);
}
