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

/**
 * Entra would not give the bot a token for an outgoing call, so nothing was sent. `status` is
 * Entra's HTTP status when it answered; `permanent` (a 4xx other than 429: wrong client secret,
 * unknown app or tenant) says retrying cannot help until the settings change.
 */
export class TeamsAuthError extends TeamsError {
  readonly status: number | undefined;
  readonly permanent: boolean;

  constructor(
    where: { authority: string; tenant: string },
    status: number | undefined,
    options: { cause: Error },
  ) {
    const permanent = status !== undefined && status >= 400 && status < 500 && status !== 429;
    super(
      'teams.auth',
      `Microsoft Teams: Entra (${where.authority}, tenant ${where.tenant}) gave the bot no token, so nothing was sent: ${options.cause.message}. ${
        permanent
          ? "Check TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID against the bot's app registration."
          : 'Entra failed or could not be reached; the call may be retried.'
      }`,
      options,
    );
    this.status = status;
    this.permanent = permanent;
  }
}
