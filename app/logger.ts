/**
 * A tiny structured logger: one JSON object per line, or a readable line on a terminal. Logs go
 * to stderr so a command's own output on stdout (e.g. `switchboard schema > file`) stays clean.
 * Fields whose names look like secrets are masked.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Least severe level written; default `info`. */
  level?: LogLevel;
  /** `json` lines or `pretty` text; `auto` (default) picks pretty when the stream is a terminal. */
  format?: 'auto' | 'json' | 'pretty';
  /** Where lines go; default `process.stderr`. */
  stream?: { write(line: string): unknown; isTTY?: boolean };
  /** Clock, for tests; default `() => new Date()`. */
  now?: () => Date;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /pass(word)?|secret|token|authorization|api_?key|credential/i;

export function createLogger(options: LoggerOptions = {}, bindings: LogFields = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const threshold = SEVERITY[options.level ?? 'info'];
  const format =
    options.format === 'auto' || !options.format ? (stream.isTTY ? 'pretty' : 'json') : options.format;
  const now = options.now ?? (() => new Date());

  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (SEVERITY[level] < threshold) return;
    const all = sanitize({ ...bindings, ...fields });
    const time = now();
    stream.write(
      format === 'json'
        ? `${JSON.stringify({ time: time.toISOString(), level, msg: message, ...all })}\n`
        : `${prettyLine(time, level, message, all)}\n`,
    );
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger({ ...options, stream, format }, { ...bindings, ...fields }),
  };
}

/** A logger that writes nothing; for tests and library defaults. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

function sanitize(fields: LogFields): LogFields {
  const clean: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (SECRET_FIELD.test(key)) clean[key] = '[redacted]';
    else if (value instanceof Error) clean[key] = describeError(value);
    else clean[key] = value;
  }
  return clean;
}

function describeError(error: Error): LogFields {
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
}

function prettyLine(time: Date, level: LogLevel, message: string, fields: LogFields): string {
  const clock = time.toISOString().slice(11, 23);
  const extras = Object.entries(fields).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${/\s/.test(text) ? JSON.stringify(text) : text}`;
  });
  return [clock, level.toUpperCase().padEnd(5), message, ...extras].join(' ');
}
