import type { Request } from 'express';
import type { z } from 'zod';
import { ApiError } from '../errors.js';

/** Request checks shared by the routers: ids in paths, headers and JSON bodies. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path parameter `name` when it is a UUID; otherwise the thing cannot exist: 404. */
export function idParam(request: Request, name: string, notFound: ApiError): string {
  const value = request.params[name];
  if (typeof value !== 'string' || !UUID.test(value)) throw notFound;
  return value;
}

/** Longest `Idempotency-Key` accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const IDEMPOTENCY_KEY = /^[\x20-\x7e]+$/;

/**
 * The `Idempotency-Key` header, or undefined when absent; 400 unless it is 1 to 200 printable
 * ASCII characters (what a UUID or any client-generated id fits).
 */
export function idempotencyKeyHeader(request: Request): string | undefined {
  const key = request.get('idempotency-key');
  if (key === undefined) return undefined;
  const problem = idempotencyKeyProblem(key);
  if (problem !== undefined) {
    throw new ApiError(
      400,
      'request.invalid_idempotency_key',
      `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters (a UUID works), but ${problem}; nothing was started.`,
    );
  }
  return key;
}

function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return `it has ${key.length}`;
  if (!IDEMPOTENCY_KEY.test(key)) return 'it has characters outside printable ASCII';
  return undefined;
}

/** The JSON body, required: 400 when there is none (or it was not sent as JSON). */
export function requiredBody(request: Request): unknown {
  if (request.body === undefined) {
    throw new ApiError(
      400,
      'request.body_missing',
      'Send a JSON body with "Content-Type: application/json".',
    );
  }
  return request.body;
}

/** The body parsed by `schema` (an absent body counts as `{}`); 400 listing every problem. */
export function parseBody<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(request.body ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      pointer: issue.path.length ? `/${issue.path.join('/')}` : '',
      message: issue.message,
    }));
    throw new ApiError(
      400,
      'request.invalid',
      `The request body is not valid: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`,
      { problems },
    );
  }
  return parsed.data;
}
