import { webApi } from '@slack/bolt';

/**
 * The Slack Web API client every part of the adapter uses (`@slack/web-api`, as Bolt ships it).
 * Retries are few and quick: the engine retries failed posts itself, with its own policy, and a
 * chat reply that is minutes late is worse than an error in the log.
 */
export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackWebClientOptions {
  token: string;
  /** `SLACK_API_URL`; default Slack's `https://slack.com/api/`. */
  apiUrl?: string | undefined;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export function createSlackWebClient(options: SlackWebClientOptions): SlackWebClient {
  return new webApi.WebClient(options.token, {
    ...slackClientOptions(options.apiUrl),
    timeout: options.timeoutMs ?? 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** Client options naming the Web API base URL, when one is configured. */
export function slackClientOptions(apiUrl: string | undefined): { slackApiUrl?: string } {
  return apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {};
}
