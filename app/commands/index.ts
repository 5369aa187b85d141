import { apikeyCommand } from './apikey.js';
import type { CommandTable } from './command.js';
import { describeCommand } from './describe.js';
import { helpCommand } from './help.js';
import { migrateCommand } from './migrate.js';
import { planCommand } from './plan.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { startCommand } from './start.js';
import { userCommand } from './user.js';
import { validateCommand } from './validate.js';
import { workerCommand } from './worker.js';

/**
 * Every `switchboard` command. Adding one is a file in this folder exporting a `Command` and a
 * line here.
 */
export const commands: CommandTable = {
  start: startCommand,
  worker: workerCommand,
  migrate: migrateCommand,
  validate: validateCommand,
  describe: describeCommand,
  schema: schemaCommand,
  plan: planCommand,
  run: runCommand,
  apikey: apikeyCommand,
  user: userCommand,
  help: helpCommand,
};

export { type Command, type CommandContext, type CommandTable, parseCommandArgs } from './command.js';
export { helpText } from './help.js';
