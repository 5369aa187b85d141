/**
 * Errors of the Teams adapter. Each class has a stable `code` and a message naming the thing
 * and the fix.
 */

/** Base class of every error thrown by `bot/teams`. */
export class TeamsError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The Teams settings do not make a working configuration (start-up). */
export class TeamsConfigError extends TeamsError {
  constructor(message: string, options?: ErrorOptions) {
    super('teams.config', message, options);
  }
}
