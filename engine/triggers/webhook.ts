import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from '../../graph/index.js';
import type { Clock, Engine, EngineLogger } from '../api.js';
import { WorkflowInactiveError, WorkflowNotFoundError } from '../errors.js';

/**
 * Webhook triggers: `POST /hooks/:workflowId`. A request is accepted only with a valid
 * `X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * made within the last 5 minutes; its JSON body becomes the run's `trigger`. Every refusal
 * happens before anything is written.
 *
 * One signed request starts one run. Its start key is `webhook:` + SHA-256 of `<t>.<raw body>`,
 * exactly what was signed (so it does not change with the secret or the set of `v1=` entries),
 * and the engine keeps start keys unique per workflow: the same request again, replayed by
 * someone who captured it or retried by a sender that resends it unchanged, answers 202 with
 * the first run's id and `"repeated": true` and starts nothing, even when the copies arrive at
 * once. Beyond the 5 minutes the signature check refuses it anyway. A new timestamp or another
 * body is another request and another run; so identical bodies signed in the same second are
 * one run (senders put an event id in the body to tell such events apart).
 */

export const SIGNATURE_HEADER = 'x-switchboard-signature';
/** Largest accepted body; default of `WebhookHandlerOptions.maxBodyBytes`. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** How far a signature's timestamp may be from now, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Builds the signature header value for `body` (for senders, tests and documentation). */
export function signWebhook(secret: string, body: string | Buffer, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`;
}

function hmac(secret: string, timestamp: number | string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The start key of a signed request (see the header comment): its timestamp as sent, and its body. */
export function webhookStartKey(timestamp: string, body: Buffer): string {
  return `webhook:${createHash('sha256').update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureCheck =
  | {
      ok: true;
      /** The signed `t=` value, as sent. */
      timestamp: string;
    }
  | {
      ok: false;
      code: 'webhook.signature_missing' | 'webhook.signature_invalid' | 'webhook.signature_expired';
      message: string;
    };

/**
 * Checks a signature header against the raw body. Several `v1=` entries are allowed (any may
 * match, for secret rotation); comparison is constant-time.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  secret: string,
  body: Buffer,
  now: Date,
): SignatureCheck {
  if (!header) {
    return {
      ok: false,
      code: 'webhook.signature_missing',
      message: `Sign the request: send X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.`,
    };
  }
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts
    .filter(([key, value]) => key === 'v1' && value)
    .map(([, value]) => value as string);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
    return {
      ok: false,
      code: 'webhook.signature_invalid',
      message: 'X-Switchboard-Signature must look like t=<unix seconds>,v1=<64 hex digits>.',
    };
  }
  const age = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (age > SIGNATURE_TOLERANCE_SECONDS) {
    return {
      ok: false,
      code: 'webhook.signature_expired',
      message: `The signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from now; sign each request when sending it (and check the sender's clock).`,
    };
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches
    ? { ok: true, timestamp }
    : {
        ok: false,
        code: 'webhook.signature_invalid',
        message: 'The signature does not match; sign "<t>.<raw body>" with the workflow\'s webhook secret.',
      };
}

/** What the webhook route needs of the engine. */
export type WebhookEngine = Pick<Engine, 'findWebhookTarget' | 'startRun'>;

export interface WebhookHandlerOptions {
  engine: WebhookEngine;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: EngineLogger;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
}

type Reply = { status: number; code?: string; message?: string; body?: Record<string, unknown> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The handler of `POST /hooks/:workflowId`, on plain Node request and response objects (mount it
 * before any body parser: it reads the raw body itself, counting bytes as they arrive).
 */
export function createWebhookHandler(options: WebhookHandlerOptions) {
  const clock = options.clock ?? { now: () => new Date() };
  const maxBodyBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;

  async function handle(workflowId: string, request: IncomingMessage): Promise<Reply> {
    const target = UUID.test(workflowId) ? await options.engine.findWebhookTarget(workflowId) : null;
    if (!target || target.secret === null) {
      return {
        status: 404,
        code: 'webhook.not_found',
        message: `No webhook workflow ${workflowId}; check the URL.`,
      };
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === 'too_large') {
      return {
        status: 413,
        code: 'webhook.body_too_large',
        message: `The body is larger than ${maxBodyBytes} bytes; send less data per request.`,
      };
    }
    const signature = verifyWebhookSignature(
      request.headers[SIGNATURE_HEADER] as string | undefined,
      target.secret,
      body,
      clock.now(),
    );
    if (!signature.ok) return { status: 401, code: signature.code, message: signature.message };
    if (!target.active) {
      return {
        status: 409,
        code: 'workflow.inactive',
        message: `Workflow ${workflowId} is not active; activate it first.`,
      };
    }
    const payload = parseJson(body);
    if (payload === undefined) {
      return { status: 400, code: 'webhook.body_not_json', message: 'The body must be JSON (or empty).' };
    }
    try {
      const run = await options.engine.startRun(target.tenantId, workflowId, {
        trigger: 'webhook',
        input: payload,
        startKey: webhookStartKey(signature.timestamp, body),
      });
      return { status: 202, body: { runId: run.id, status: run.status, repeated: run.repeated } };
    } catch (error) {
      if (error instanceof WorkflowInactiveError) {
        return { status: 409, code: 'workflow.inactive', message: error.message };
      }
      if (error instanceof WorkflowNotFoundError) {
        return {
          status: 404,
          code: 'webhook.not_found',
          message: `No webhook workflow ${workflowId}; check the URL.`,
        };
      }
      throw error;
    }
  }

  return async (request: IncomingMessage, response: ServerResponse, workflowId: string): Promise<void> => {
    let reply: Reply;
    try {
      reply = await handle(workflowId, request);
    } catch (error) {
      options.logger?.error('webhook request failed', { workflowId, error: (error as Error).message });
      reply = { status: 500, code: 'INTERNAL', message: 'Something went wrong; see the server log.' };
    }
    // A refusal sent before the body was read closes the connection instead of reading the rest.
    if (!request.complete) response.setHeader('Connection', 'close');
    const json = reply.body ?? { error: { code: reply.code, message: reply.message } };
    response.statusCode = reply.status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(json));
  };
}

/** The body, or 'too_large' as soon as more than `limit` bytes are announced or have arrived. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) return 'too_large';
  // Not `for await`: leaving that loop early destroys the socket, and the 413 could not be sent.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too_large' | Error) => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish('too_large');
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    const onError = (error: Error) => finish(error);
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Parsed JSON; an empty body is `{}`; undefined when the body is not JSON. */
function parseJson(body: Buffer): Json | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
