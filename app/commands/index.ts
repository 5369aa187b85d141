import type { CommandTable } from './command.js';
import { helpCommand } from './help.js';
import { migrateCommand } from './migrate.js';
import { startCommand } from './start.js';

/**
 * Every `switchboard` command. Adding one is a file in this folder exporting a `Command` and a
 * line here.
 */
export const commands: CommandTable = {
  start: startCommand,
  migrate: migrateCommand,
  help: helpCommand,
};

export { type Command, type CommandContext, type CommandTable, parseCommandArgs } from './command.js';
export { helpText } from './help.js';
