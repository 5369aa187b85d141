import type { Command, CommandTable } from './command.js';

/** `switchboard help`: lists the commands. */
export const helpCommand: Command = {
  summary: 'Show this list of commands',
  usage: '',
  async run(_args, context) {
    context.stdout.write(helpText(context.commands));
    return 0;
  },
};

export function helpText(commands: CommandTable): string {
  const entries = Object.entries(commands).map(([name, command]) => [
    `${name} ${command.usage}`.trim(),
    command,
  ]);
  const width = Math.max(...entries.map(([label]) => (label as string).length));
  const lines = entries.map(
    ([label, command]) => `  ${(label as string).padEnd(width)}  ${(command as Command).summary}`,
  );
  return [
    'Usage: switchboard <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    'Configuration comes from environment variables and .env; see README.md.',
    '',
  ].join('\n');
}
