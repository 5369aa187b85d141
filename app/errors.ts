/**
 * Errors of the composition root and the CLI. Each class has a stable `code` and a message
 * naming the thing and the fix. `UsageError` marks a mistake in how a command was called
 * (exit code 2); everything else is an operational failure (exit code 1).
 */

/** Base class of every error thrown by `app/`. */
export class AppError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One or more configuration variables are missing or malformed. */
export class ConfigError extends AppError {
  /** The offending variables with what is wrong with each. */
  readonly problems: readonly { variable: string; message: string }[];

  constructor(problems: readonly { variable: string; message: string }[]) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'Fix these environment variables (or their lines in .env); README.md lists every variable.',
    );
    this.problems = problems;
  }
}

/** A command was called with unknown options or missing arguments. */
export class UsageError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('USAGE', message, options);
  }
}

/** The HTTP server could not listen on the configured address. */
export class ListenError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('HTTP_LISTEN_FAILED', message, options);
  }
}

/** A document file named on the command line could not be read or is not JSON. */
export class DocumentFileError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('DOCUMENT_FILE_UNREADABLE', message, options);
  }
}
