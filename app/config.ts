import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.js';

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
});

export type Config = z.output<typeof configSchema>;

/** Variables whose values never appear in messages. */
const SECRET_VARIABLES = new Set(['DATABASE_URL']);

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
