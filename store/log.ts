/**
 * The logging surface `store/` needs. `app/` passes its own logger, which fits structurally;
 * `store/` never imports `app/`.
 */
export interface StoreLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything; the default where none is passed. */
export const silentLogger: StoreLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Returns `url` with its password replaced by `***`, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
