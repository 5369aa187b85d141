/**
 * Errors of `admin/`. Every REST API error answers `{ error: { code, message, details? } }`;
 * `ApiError` carries the HTTP status with the stable code.
 */

/** Base class of every error thrown by `admin/`. */
export class AdminError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A request the REST API refuses, with the HTTP status to answer and optional details. */
export class ApiError extends AdminError {
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(code, message);
    this.status = status;
    this.details = details;
  }
}

/** The JSON body of an error response. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
