import { describe, validate } from '../../graph/index.js';
import { type Command, parseCommandArgs } from './command.js';
import { readDocumentArgument } from './document-file.js';

/** `switchboard describe FILE [--locale TAG] [--json]`: the plain-language preview of a valid document. */
export const describeCommand: Command = {
  summary: 'Print the plain-language preview of a workflow document',
  usage: 'FILE [--locale TAG] [--json]',
  async run(args, context) {
    const { positionals, values } = parseCommandArgs(
      args,
      { locale: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const { path, json } = await readDocumentArgument(positionals, context);
    const result = validate(json);
    if (!result.document) {
      context.stderr.write(
        `${path} is invalid; run "switchboard validate ${positionals[0]}" for its ${result.errors.length} error(s).\n`,
      );
      return 1;
    }
    const description = describe(
      result.document,
      values.locale === undefined ? {} : { locale: values.locale },
    );
    context.stdout.write(values.json ? `${JSON.stringify(description, null, 2)}\n` : `${description.text}\n`);
    return 0;
  },
};
