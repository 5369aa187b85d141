/**
 * Errors of the Slack adapter, each with a stable code. Failures of posts made for the engine
 * are engine step errors instead (see channel.ts), so the engine can tell retryable from
 * permanent ones.
 */
export class SlackAdapterError extends Error {
  /** Stable, machine-readable identifier. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Slack refused the bot token at start (`auth.test`). */
export class SlackAuthError extends SlackAdapterError {
  constructor(reason: string, options?: ErrorOptions) {
    super(
      'slack.auth_failed',
      `Slack refused SLACK_BOT_TOKEN (${reason}); copy the Bot User OAuth Token (xoxb-…) from the app's "OAuth & Permissions" page.`,
      options,
    );
  }
}
