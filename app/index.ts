/** The composition root's public API: configuration, start-up, the HTTP app and the CLI. */

export type { Command, CommandContext, CommandTable } from './commands/index.js';
export { commands } from './commands/index.js';
export { type Config, configSchema, describeConfig, loadConfig } from './config.js';
export { AppError, ConfigError, ListenError, UsageError } from './errors.js';
export { checkHealth, type HealthReport } from './health.js';
export { createHttpApp, type HttpAppDependencies, type HttpRoutes } from './http.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './logger.js';
export { runCli } from './run-cli.js';
export { type RunningSwitchboard, type StartOptions, startSwitchboard } from './switchboard.js';
