import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createLlmClient, LlmNotConfiguredError, llmConfigFromVariables } from '../../llm/index.js';
import { createPlanner, type PlanningContextInput, type PlanResult } from '../../planner/index.js';
import { createLlmCallRecorder, DEFAULT_TENANT_ID } from '../../store/index.js';
import { DocumentFileError, UsageError } from '../errors.js';
import { type Command, type CommandContext, configure, parseCommandArgs } from './command.js';
import { openCommandDatabase } from './command-database.js';

/**
 * `switchboard plan "<description>" [--context FILE] [--locale TAG]`: plans a workflow with the
 * configured LLM provider(s) and prints the preview then the JSON document, or the questions
 * (exit 0), or the refusal (exit 1). Without a provider it exits 1 naming the variables to set.
 * The context file is a planning context (people, credentials, entities, events, allowedHosts);
 * without it nothing tenant-specific may be used, so plans needing people or APIs ask questions.
 */
export const planCommand: Command = {
  summary: 'Plan a workflow from a description with the configured LLM',
  usage: '"DESCRIPTION" [--context FILE] [--locale TAG]',
  async run(args, context) {
    const { positionals, values } = parseCommandArgs(
      args,
      { context: { type: 'string' }, locale: { type: 'string' } },
      true,
    );
    if (positionals.length !== 1 || positionals[0]?.trim() === '') {
      throw new UsageError('Give the description as one quoted argument.');
    }
    const planning: PlanningContextInput = {
      ...(values.context === undefined ? {} : await readContext(values.context, context)),
      ...(values.locale === undefined ? {} : { locale: values.locale }),
    };
    const { config, logger } = configure(context);
    const llmConfig = llmConfigFromVariables(config);
    if (llmConfig.providers.length === 0) throw new LlmNotConfiguredError();
    // Calls are accounted to the tenant (the default one unless the context names another).
    const database = await openCommandDatabase(config, logger);
    const llm = createLlmClient({ config: llmConfig, recorder: createLlmCallRecorder(database) });
    try {
      const result = await createPlanner(llm).plan(positionals[0] as string, {
        tenantId: DEFAULT_TENANT_ID,
        ...planning,
      });
      return print(result, context);
    } finally {
      await llm.shutdown();
      await database.close();
    }
  },
};

function print(result: PlanResult, context: CommandContext): number {
  switch (result.kind) {
    case 'workflow':
      context.stdout.write(`${result.preview.text}\n\n${JSON.stringify(result.document, null, 2)}\n`);
      return 0;
    case 'questions':
      context.stdout.write(
        `${result.questions
          .map((q) => `- ${q.question}${q.options ? ` (${q.options.join(' / ')})` : ''}`)
          .join('\n')}\n`,
      );
      return 0;
    case 'refusal':
      context.stderr.write(`${result.reason}\n`);
      return 1;
  }
}

async function readContext(file: string, context: CommandContext): Promise<PlanningContextInput> {
  const path = resolve(context.cwd, file);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PlanningContextInput;
  } catch (error) {
    throw new DocumentFileError(`Cannot read the planning context ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
