import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  EngineError,
  type EngineLogger,
  InvalidRunInputError,
  InvalidWorkflowError,
  RunNotFoundError,
  RunStartKeyReusedError,
  RunStateError,
  WorkflowInactiveError,
  WorkflowNotFoundError,
  WorkflowVersionNotFoundError,
} from '../../engine/index.js';
import { ApiError, errorBody } from '../errors.js';
import { TASK_ERROR_STATUS, taskErrorDetails, taskErrorKind } from './task-errors.js';

/** Logging the REST API needs; `app/`'s logger fits. */
export type ApiLogger = EngineLogger;

/** HTTP status of each engine error a caller can cause; anything else is a 500. */
function statusOf(error: EngineError): number | undefined {
  if (
    error instanceof InvalidWorkflowError ||
    error instanceof InvalidRunInputError ||
    error instanceof RunStartKeyReusedError
  ) {
    return 422;
  }
  if (
    error instanceof WorkflowNotFoundError ||
    error instanceof RunNotFoundError ||
    error instanceof WorkflowVersionNotFoundError
  ) {
    return 404;
  }
  if (error instanceof WorkflowInactiveError || error instanceof RunStateError) return 409;
  const task = taskErrorKind(error);
  if (task !== undefined) return TASK_ERROR_STATUS[task];
  return undefined;
}

/** body-parser's error types, as our codes. */
const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'request.malformed_json', message: 'The body is not valid JSON: ' },
  'entity.too.large': { code: 'request.too_large', message: 'The body is too large: ' },
  'encoding.unsupported': { code: 'request.unsupported_encoding', message: '' },
  'charset.unsupported': { code: 'request.unsupported_charset', message: '' },
};

/** Turns any error into `{ error: { code, message, details? } }` with the right status. */
export function apiErrorHandler(logger: ApiLogger): ErrorRequestHandler {
  return (error: Error & { status?: unknown; type?: unknown }, request, response, _next) => {
    if (error instanceof ApiError) {
      response.status(error.status).json(errorBody(error.code, error.message, error.details));
      return;
    }
    if (error instanceof EngineError) {
      const status = statusOf(error);
      if (status !== undefined) {
        const problems = (error as { problems?: unknown }).problems;
        const details = taskErrorDetails(error) ?? (problems === undefined ? undefined : { problems });
        response.status(status).json(errorBody(error.code, error.message, details));
        return;
      }
    }
    const bodyError = typeof error.type === 'string' ? BODY_ERRORS[error.type] : undefined;
    if (bodyError && typeof error.status === 'number') {
      response.status(error.status).json(errorBody(bodyError.code, `${bodyError.message}${error.message}`));
      return;
    }
    logger.error('REST API request failed', { method: request.method, path: request.originalUrl, error });
    response.status(500).json(errorBody('INTERNAL', 'Something went wrong; see the server log.'));
  };
}

/** 404 for any path under /api that no router answered. */
export const apiNotFound: RequestHandler = (request) => {
  throw new ApiError(404, 'NOT_FOUND', `No route for ${request.method} ${request.originalUrl}.`);
};
