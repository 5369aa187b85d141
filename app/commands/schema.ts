import { jsonSchemaFor, LLM_SCHEMA_VARIANTS, type LlmSchemaVariant } from '../../graph/index.js';
import { UsageError } from '../errors.js';
import { type Command, parseCommandArgs } from './command.js';

/** `switchboard schema [--variant V]`: the JSON Schema of workflow documents. */
export const schemaCommand: Command = {
  summary: 'Print the JSON Schema of workflow documents',
  usage: `[--variant ${LLM_SCHEMA_VARIANTS.join('|')}]`,
  async run(args, context) {
    const { values } = parseCommandArgs(args, { variant: { type: 'string', default: 'standard' } });
    const variant = values.variant as LlmSchemaVariant;
    if (!LLM_SCHEMA_VARIANTS.includes(variant)) {
      throw new UsageError(`Unknown variant "${variant}"; use one of ${LLM_SCHEMA_VARIANTS.join(', ')}.`);
    }
    context.stdout.write(`${JSON.stringify(jsonSchemaFor(variant), null, 2)}\n`);
    return 0;
  },
};
