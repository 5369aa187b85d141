import { validate } from '../../graph/index.js';
import { type Command, parseCommandArgs } from './command.js';
import { readDocumentArgument } from './document-file.js';

/**
 * `switchboard validate FILE`: exit 0 when the document is valid (warnings printed), exit 1 with
 * every error as a `pointer  code  message` line.
 */
export const validateCommand: Command = {
  summary: 'Check a workflow document; print every problem as "pointer  code  message"',
  usage: 'FILE',
  async run(args, context) {
    const { positionals } = parseCommandArgs(args, {}, true);
    const { path, json } = await readDocumentArgument(positionals, context);
    const result = validate(json);
    const line = (p: { pointer: string; code: string; message: string }) =>
      `${p.pointer || '/'}  ${p.code}  ${p.message}\n`;
    for (const error of result.errors) context.stdout.write(line(error));
    for (const warning of result.warnings) context.stdout.write(`warning: ${line(warning)}`);
    const summary = result.ok
      ? `${path} is valid (${plural(result.warnings.length, 'warning')}).\n`
      : `${path} is invalid: ${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}.\n`;
    context.stderr.write(summary);
    return result.ok ? 0 : 1;
  },
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
