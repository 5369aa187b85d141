import type { RequestHandler, Response } from 'express';
import type { Queryable } from '../store/index.js';
import { authenticateApiKey } from '../store/index.js';
import { ApiError } from './errors.js';

/** Who is calling: the tenant of the API key and the key itself. */
export interface ApiCaller {
  tenantId: string;
  keyId: string;
}

const CREATE_HINT = 'create one with `switchboard apikey create`';

/**
 * Requires `Authorization: Bearer <API key>` and records the caller for the handlers
 * (`callerOf(response)`). Answers 401 saying what is wrong: no header, another scheme, or a key
 * that is unknown or revoked.
 */
export function requireApiKey(db: Queryable): RequestHandler {
  return async (request, response, next) => {
    response.setHeader('WWW-Authenticate', 'Bearer realm="switchboard"');
    const header = request.headers.authorization;
    if (!header) {
      throw new ApiError(
        401,
        'auth.missing_key',
        `Send your API key as "Authorization: Bearer <key>"; ${CREATE_HINT}.`,
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ApiError(
        401,
        'auth.malformed_header',
        'The Authorization header must be "Bearer <API key>" (one key, no other scheme).',
      );
    }
    const caller = await authenticateApiKey(db, match[1] as string);
    if (!caller) {
      throw new ApiError(401, 'auth.invalid_key', `The API key is unknown or revoked; ${CREATE_HINT}.`);
    }
    response.removeHeader('WWW-Authenticate');
    response.locals.caller = caller;
    next();
  };
}

/** The authenticated caller of this request (set by `requireApiKey`). */
export function callerOf(response: Response): ApiCaller {
  return response.locals.caller as ApiCaller;
}
