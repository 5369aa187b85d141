import { type CommandContext, commands, helpText } from './commands/index.js';
import { UsageError } from './errors.js';

/**
 * Runs `switchboard <command> [args]` and resolves to the exit code: 0 success, 1 failure,
 * 2 usage error. Known errors (those with a `code`) print as one line; others with their stack.
 */
export async function runCli(argv: string[], context: Partial<CommandContext> = {}): Promise<number> {
  const full: CommandContext = {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    commands,
    ...context,
  };
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') return full.commands.help?.run([], full) ?? 0;
  const command = name === undefined ? undefined : full.commands[name];
  if (!command) {
    full.stderr.write(name === undefined ? 'No command given.\n\n' : `Unknown command "${name}".\n\n`);
    full.stderr.write(helpText(full.commands));
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    full.stdout.write(`${command.summary}\nUsage: switchboard ${`${name} ${command.usage}`.trim()}\n`);
    return 0;
  }
  try {
    return await command.run(args, full);
  } catch (error) {
    return reportError(error, name as string, full);
  }
}

function reportError(error: unknown, name: string, context: CommandContext): number {
  const code = (error as { code?: unknown }).code;
  if (error instanceof UsageError) {
    const usage = `switchboard ${name} ${context.commands[name]?.usage ?? ''}`.trim();
    context.stderr.write(`${error.message}\nUsage: ${usage}\n`);
    return 2;
  }
  if (error instanceof Error && typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
    context.stderr.write(`Error [${code}]: ${error.message}\n`);
    return 1;
  }
  context.stderr.write(`Unexpected error; please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
