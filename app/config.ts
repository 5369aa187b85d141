import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import type { WorkerOptions } from '../engine/index.js';
import { DEFAULT_MODELS, llmConfigProblems } from '../llm/index.js';
import { ConfigError } from './errors.js';
import { isTrustProxySetting } from './http.js';

/**
 * All configuration: environment variables, with a `.env` file in the working directory as a
 * fallback (real environment variables win). Every variable has a one-line description and a
 * default here, and a row in README.md's Configuration table (a test keeps them in step).
 */

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres:// or postgresql:// connection URL' })
    .optional()
    .describe(
      'PostgreSQL connection URL. Unset: Switchboard runs an embedded PostgreSQL with its data under SWITCHBOARD_DATA_DIR.',
    ),
  SWITCHBOARD_DATA_DIR: z
    .string()
    .default('.switchboard')
    .describe('Folder for local state (the embedded PostgreSQL), relative to the working directory.'),
  PORT: integer(0, 65535).default(3000).describe('Port of the HTTP server; 0 picks a free port.'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('Address the HTTP server listens on (all interfaces by default).'),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// URL, e.g. https://switchboard.example.com',
    })
    .optional()
    .describe(
      'Base URL at which people reach this server, for links in emails (task pages). Unset: http://localhost:<PORT>.',
    ),
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .refine(isTrustProxySetting, {
      error:
        'must be a hop count (e.g. 1), loopback, linklocal, uniquelocal, or addresses and CIDRs separated by commas',
    })
    .optional()
    .describe(
      "Reverse proxies whose X-Forwarded-For is believed for the client's address (sign-in limits): a hop count, loopback, uniquelocal, or addresses/CIDRs separated by commas. Unset: the connection's peer is the client.",
    ),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })
    .default('info')
    .describe('Least severe log level written: debug, info, warn or error.'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'must be one of auto, json, pretty' })
    .default('auto')
    .describe('Log format: json (one object per line), pretty, or auto (pretty on a terminal, else json).'),
  DATABASE_POOL_SIZE: integer(1, 1000)
    .default(10)
    .describe('Most PostgreSQL connections this process opens.'),
  SHUTDOWN_TIMEOUT_SECONDS: integer(0, 3600)
    .default(10)
    .describe('On SIGINT/SIGTERM, how long in-flight HTTP requests may finish before they are cut off.'),
  WORKER_CONCURRENCY: integer(1, 1000)
    .default(4)
    .describe('Workflow steps one process runs at once (switchboard start and switchboard worker).'),
  ENGINE_HEARTBEAT_SECONDS: integer(1, 3600)
    .default(10)
    .describe('How often a worker process records that it is alive.'),
  // 45 s plus the sweep interval (a quarter of it) releases a dead worker's steps within 60 s.
  ENGINE_DEAD_WORKER_SECONDS: integer(2, 86400)
    .default(45)
    .describe(
      'A worker silent this long is dead and its steps go to other workers; at least twice ENGINE_HEARTBEAT_SECONDS.',
    ),
  SWITCHBOARD_SECRET_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
      error: 'must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    })
    .optional()
    .describe(
      'Key encrypting stored secrets (credentials): 32 bytes, hex or base64. Required with DATABASE_URL; unset with the embedded database: generated once in SWITCHBOARD_DATA_DIR/secret.key.',
    ),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, { error: 'must be an smtp:// or smtps:// URL' })
    .optional()
    .describe(
      'SMTP server for email steps and email approvals, e.g. smtp://user:password@mail.example.com:587. Unset: email steps fail, saying so.',
    ),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('Switchboard <switchboard@localhost>')
    .describe('Sender of emails; its domain also ends each Message-ID.'),
  TASK_LINK_TTL_HOURS: integer(1, 8760)
    .default(168)
    .describe(
      'How long a link in an approval or form email works; reminders of a task still open send a new link.',
    ),
  HTTP_ALLOW_HOSTS: z
    .string()
    .regex(/^[\w.:[\]/-]+(\s*,\s*[\w.:[\]/-]+)*$/, {
      error: 'must be a comma-separated list of hostnames, IP addresses and CIDR ranges',
    })
    .optional()
    .describe(
      'Private, loopback or link-local destinations HTTP steps may reach anyway: comma-separated hostnames, IPs and CIDR ranges.',
    ),
  HTTP_MAX_RESPONSE_BYTES: integer(1024, 1_073_741_824)
    .default(1_048_576)
    .describe('Largest response body an HTTP step accepts; a larger one fails the step.'),
  LLM_PROVIDERS: z
    .string()
    .optional()
    .describe(
      'LLM providers to use, in order, comma-separated (anthropic, openai, mistral, compatible). Unset: every configured one, in that order.',
    ),
  ANTHROPIC_API_KEY: z.string().optional().describe('Anthropic API key; set to use Anthropic.'),
  ANTHROPIC_BASE_URL: z.url().optional().describe("Anthropic API base URL. Unset: the SDK's default."),
  ANTHROPIC_MODEL: z.string().default(DEFAULT_MODELS.anthropic).describe('Anthropic model.'),
  OPENAI_API_KEY: z.string().optional().describe('OpenAI API key; set to use OpenAI.'),
  OPENAI_BASE_URL: z.url().optional().describe("OpenAI API base URL. Unset: the SDK's default."),
  OPENAI_MODEL: z.string().default(DEFAULT_MODELS.openai).describe('OpenAI model.'),
  MISTRAL_API_KEY: z.string().optional().describe('Mistral API key; set to use Mistral.'),
  MISTRAL_BASE_URL: z.url().optional().describe("Mistral API base URL. Unset: the SDK's default."),
  MISTRAL_MODEL: z.string().default(DEFAULT_MODELS.mistral).describe('Mistral model.'),
  LLM_BASE_URL: z
    .url()
    .optional()
    .describe(
      'Base URL of an OpenAI-compatible server (Ollama, vLLM, LM Studio), e.g. http://localhost:11434/v1.',
    ),
  LLM_API_KEY: z.string().optional().describe('API key of the OpenAI-compatible server, if it needs one.'),
  LLM_MODEL: z
    .string()
    .optional()
    .describe('Model on the OpenAI-compatible server; required with LLM_BASE_URL.'),
  LLM_TIMEOUT_SECONDS: integer(1, 3600)
    .default(60)
    .describe('Time allowed for one LLM call before it is retried.'),
  LLM_MAX_RETRIES: integer(0, 10)
    .default(2)
    .describe('Retries per provider on rate limits, server errors and timeouts before failing over.'),
  LLM_MAX_RETRY_DELAY_SECONDS: integer(0, 600)
    .default(30)
    .describe('Longest wait before an LLM retry; a longer Retry-After fails over at once.'),
  LLM_PRICES: z
    .string()
    .optional()
    .describe(
      'JSON price table overriding the built-in one: {"model": {"input": n, "output": n, "cached": n}} in USD per million tokens.',
    ),
  LANGFUSE_PUBLIC_KEY: z
    .string()
    .optional()
    .describe('Langfuse public key; with the secret key, enables tracing.'),
  LANGFUSE_SECRET_KEY: z.string().optional().describe('Langfuse secret key.'),
  LANGFUSE_BASE_URL: z
    .url()
    .optional()
    .describe("Langfuse URL (self-hosted). Unset: the SDK's default (Langfuse cloud)."),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-\S+$/, {
      error: 'must be a bot token (xoxb-…) from the Slack app\'s "OAuth & Permissions" page',
    })
    .optional()
    .describe(
      'Slack bot token (xoxb-…). With SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode), Slack is on.',
    ),
  SLACK_SIGNING_SECRET: z
    .string()
    .optional()
    .describe('Slack signing secret ("Basic Information" page), checked on every request to /slack/events.'),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, { error: 'must be an app-level token (xapp-…) with the connections:write scope' })
    .optional()
    .describe('Slack app-level token (xapp-…): connect by Socket Mode instead of receiving HTTP requests.'),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe("Slack Web API base URL. Unset: Slack's (https://slack.com/api/)."),
  TEAMS_CLIENT_ID: z
    .string()
    .regex(GUID, { error: 'must be the Microsoft App ID of the Azure Bot (a GUID)' })
    .optional()
    .describe(
      "Microsoft Teams: the Azure Bot's Microsoft App ID. With TEAMS_CLIENT_SECRET, Teams is on and every request to /api/messages must carry a valid Bot Framework token.",
    ),
  TEAMS_CLIENT_SECRET: z.string().optional().describe("Client secret of the bot's Entra app registration."),
  TEAMS_TENANT_ID: z
    .string()
    .regex(GUID, { error: 'must be an Entra tenant (directory) id, a GUID' })
    .optional()
    .describe(
      'Entra tenant of a single-tenant bot; activities from other Teams tenants are refused. Unset: a multi-tenant bot serving any tenant.',
    ),
  TEAMS_AUTHORITY_URL: z
    .url({
      protocol: /^https$/,
      error:
        'must be an https:// URL (MSAL refuses other authorities), e.g. https://login.microsoftonline.us',
    })
    .optional()
    .describe(
      'Entra authority the bot gets tokens from and trusts tokens of, for a sovereign cloud (e.g. https://login.microsoftonline.us). Unset: https://login.microsoftonline.com.',
    ),
  TEAMS_ALLOW_UNAUTHENTICATED: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true')
    .describe(
      'true: accept /api/messages requests without a token (local testing, e.g. Microsoft 365 Agents Playground); never with TEAMS_CLIENT_ID/SECRET.',
    ),
});

export type Config = z.output<typeof configSchema>;

/** Variables whose values never appear in messages. */
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'SWITCHBOARD_SECRET_KEY',
  'SMTP_URL',
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'MISTRAL_API_KEY',
  'LLM_API_KEY',
  'LANGFUSE_SECRET_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TEAMS_CLIENT_SECRET',
]);

export interface LoadConfigOptions {
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Folder holding `.env` and against which relative paths resolve; default `process.cwd()`. */
  cwd?: string;
}

/**
 * Reads and validates the configuration. Empty values count as unset. Throws `ConfigError`
 * naming every bad variable. `SWITCHBOARD_DATA_DIR` is returned as an absolute path.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const envFile = path.join(cwd, '.env');
  const fromFile = existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {};
  const merged: Record<string, string | undefined> = { ...fromFile, ...(options.env ?? process.env) };
  const input: Record<string, string> = {};
  for (const name of Object.keys(configSchema.shape)) {
    const value = merged[name]?.trim();
    if (value) input[name] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(input[variable])})`;
        return { variable, message: `${issue.message}${shown}` };
      }),
    );
  }
  if (parsed.data.ENGINE_DEAD_WORKER_SECONDS < 2 * parsed.data.ENGINE_HEARTBEAT_SECONDS) {
    throw new ConfigError([
      {
        variable: 'ENGINE_DEAD_WORKER_SECONDS',
        message: `must be at least twice ENGINE_HEARTBEAT_SECONDS (${parsed.data.ENGINE_HEARTBEAT_SECONDS}), or live workers would be taken for dead`,
      },
    ]);
  }
  // Checks across LLM variables (a listed provider without its key, a bad price table).
  const llmProblems = llmConfigProblems(parsed.data);
  if (llmProblems.length > 0) throw new ConfigError(llmProblems);
  const slackProblems = slackConfigProblems(parsed.data);
  if (slackProblems.length > 0) throw new ConfigError(slackProblems);
  const teamsProblems = teamsConfigProblems(parsed.data);
  if (teamsProblems.length > 0) throw new ConfigError(teamsProblems);
  return { ...parsed.data, SWITCHBOARD_DATA_DIR: path.resolve(cwd, parsed.data.SWITCHBOARD_DATA_DIR) };
}

/** Name, default and description of every variable, in schema order (for docs and `help`). */
export function describeConfig(): { variable: string; default: string | undefined; description: string }[] {
  return Object.entries(configSchema.shape).map(([variable, schema]) => {
    const parsed = schema.safeParse(undefined);
    return {
      variable,
      default: parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined,
      description: schema.description ?? '',
    };
  });
}

/** Base URL for links to this server: `PUBLIC_URL` without a trailing slash, or `http://localhost:<PORT>`. */
export function publicUrlOf(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/**
 * How Slack connects: `http` (bot token and signing secret: Slack calls POST /slack/events),
 * `socket` (bot token and app token: Socket Mode), or null when Slack is not configured.
 */
export function slackModeOf(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN'>,
): 'http' | 'socket' | null {
  if (!config.SLACK_BOT_TOKEN) return null;
  return config.SLACK_APP_TOKEN ? 'socket' : 'http';
}

/** Slack variables set in a combination that cannot work (e.g. a signing secret without a bot token). */
function slackConfigProblems(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN'>,
): { variable: string; message: string }[] {
  if (config.SLACK_BOT_TOKEN) {
    if (config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET) return [];
    return [
      {
        variable: 'SLACK_SIGNING_SECRET',
        message:
          'is required with SLACK_BOT_TOKEN (HTTP mode); or set SLACK_APP_TOKEN to use Socket Mode instead',
      },
    ];
  }
  return (['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const)
    .filter((variable) => config[variable])
    .map((variable) => ({
      variable: 'SLACK_BOT_TOKEN',
      message: `is required when ${variable} is set (the bot token, xoxb-…, from "OAuth & Permissions")`,
    }));
}

/** What `switchboard start` and `switchboard worker` pass to `Engine.runWorker`. */
export function workerOptionsOf(config: Config): Required<WorkerOptions> {
  return {
    concurrency: config.WORKER_CONCURRENCY,
    heartbeatIntervalMs: config.ENGINE_HEARTBEAT_SECONDS * 1000,
    deadWorkerAfterMs: config.ENGINE_DEAD_WORKER_SECONDS * 1000,
  };
}

/** Teams variables set in a combination that cannot work (half the credentials, or credentials and local mode). */
function teamsConfigProblems(
  config: Pick<
    Config,
    'TEAMS_CLIENT_ID' | 'TEAMS_CLIENT_SECRET' | 'TEAMS_TENANT_ID' | 'TEAMS_ALLOW_UNAUTHENTICATED'
  >,
): { variable: string; message: string }[] {
  const credentials = (['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'] as const).filter(
    (variable) => config[variable],
  );
  if (config.TEAMS_ALLOW_UNAUTHENTICATED && credentials.length > 0) {
    return [
      {
        variable: 'TEAMS_ALLOW_UNAUTHENTICATED',
        message: `must not be true together with ${credentials.join(', ')}: unauthenticated local mode is for testing without credentials; unset one or the other`,
      },
    ];
  }
  if (credentials.length === 0 || (config.TEAMS_CLIENT_ID && config.TEAMS_CLIENT_SECRET)) return [];
  return (['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET'] as const)
    .filter((variable) => !config[variable])
    .map((variable) => ({
      variable,
      message: `is required when ${credentials.join(' and ')} ${credentials.length > 1 ? 'are' : 'is'} set (Microsoft Teams needs the bot's client id and secret; or unset all TEAMS_ variables)`,
    }));
}
