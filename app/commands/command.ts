import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';

/** What a command gets from the CLI: its environment and where to write. */
export interface CommandContext {
  /** Environment variables (configuration is read from these and `.env`). */
  env: Record<string, string | undefined>;
  /** Working directory: `.env` and relative paths are resolved against it. */
  cwd: string;
  /** The command's own output (results, JSON). */
  stdout: { write(text: string): unknown };
  /** Messages for the person at the terminal (errors, hints) and logs. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Every command, by name (for `help`). */
  commands: CommandTable;
}

/** One `switchboard <name>` command. */
export interface Command {
  /** One line for the command list, e.g. "Apply database migrations". */
  summary: string;
  /** Arguments after the name, e.g. "FILE" or "[--json]"; empty when there are none. */
  usage: string;
  /** Runs the command; resolves to the process exit code (0 success, 1 failure, 2 usage). */
  run(args: string[], context: CommandContext): Promise<number>;
}

export type CommandTable = Readonly<Record<string, Command>>;

/** `node:util` parseArgs with strict checking, turning its errors into `UsageError`. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** The configuration (environment and `.env` of the command's folder) and a logger writing to its stderr. */
export function configure(context: CommandContext): { config: Config; logger: Logger } {
  const config = loadConfig({ env: context.env, cwd: context.cwd });
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, stream: context.stderr });
  return { config, logger };
}
