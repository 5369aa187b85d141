import { setTimeout as sleep } from 'node:timers/promises';
import { type Engine, InvalidWorkflowError, type RunDetail } from '../../engine/index.js';
import type { Json } from '../../graph/index.js';
import { DEFAULT_TENANT_ID } from '../../store/index.js';
import { createAppEngine } from '../engine.js';
import { UsageError } from '../errors.js';
import { type Command, configure, parseCommandArgs } from './command.js';
import { openCommandDatabase } from './command-database.js';
import { readDocumentArgument } from './document-file.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * `switchboard run FILE`: creates the workflow ad hoc in the default tenant and starts a manual
 * run of it. The workflow is not activated: its trigger (webhook, schedule, event) does not go
 * live; only this run happens. Without `--wait` the steps due now are run in this process and
 * the run is printed as it stands (waits for later stay queued for `start`/`worker`); with
 * `--wait` a worker runs here until the run finishes or `--timeout` passes.
 */
export const runCommand: Command = {
  summary: 'Run a workflow document once (ad hoc, default tenant); --wait prints the final run as JSON',
  usage: 'FILE [--input JSON] [--wait] [--timeout SECONDS]',
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { input: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
      true,
    );
    const input = parseInput(values.input);
    const timeoutSeconds = parseTimeout(values.timeout);
    const { json: document } = await readDocumentArgument(positionals, context);
    const { config, logger } = configure(context);
    const database = await openCommandDatabase(config, logger, 4);
    const engine = await createAppEngine(config, database, logger).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
    try {
      let workflowId: string;
      try {
        workflowId = (await engine.createWorkflow(DEFAULT_TENANT_ID, document, { createdBy: 'cli' })).id;
      } catch (error) {
        if (!(error instanceof InvalidWorkflowError)) throw error;
        for (const problem of error.problems.filter((p) => p.severity === 'error')) {
          context.stderr.write(`${problem.pointer || '/'}  ${problem.code}  ${problem.message}\n`);
        }
        context.stderr.write('The workflow is invalid; nothing was run.\n');
        return 1;
      }
      const run = await engine.startRun(DEFAULT_TENANT_ID, workflowId, {
        trigger: 'manual',
        input,
        version: 1,
      });
      context.stderr.write(`Started run ${run.id} of workflow ${workflowId}.\n`);
      const final = values.wait
        ? await waitForRun(engine, run.id, timeoutSeconds * 1000)
        : await engine.drain().then(() => engine.getRun(DEFAULT_TENANT_ID, run.id));
      context.stdout.write(`${JSON.stringify(printable(final), null, 2)}\n`);
      if (!values.wait) return 0;
      if (!FINISHED.has(final.status)) {
        context.stderr.write(`Run ${run.id} is still ${final.status} after ${timeoutSeconds} s.\n`);
        return 1;
      }
      return final.status === 'completed' ? 0 : 1;
    } finally {
      await engine.stop();
      await database.close();
    }
  },
};

/** Runs a worker in this process until the run finishes or `timeoutMs` passes. */
async function waitForRun(engine: Engine, runId: string, timeoutMs: number): Promise<RunDetail> {
  await engine.runWorker({ concurrency: 4 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await engine.getRun(DEFAULT_TENANT_ID, runId);
    if (FINISHED.has(run.status) || Date.now() >= deadline) return run;
    await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
  }
}

function printable(run: RunDetail) {
  return {
    id: run.id,
    workflowId: run.workflowId,
    status: run.status,
    output: run.output,
    error: run.error,
    steps: run.steps.map((step) => ({
      node: step.node,
      type: step.type,
      status: step.status,
      attempt: step.attempt,
      output: step.output,
      error: step.error,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
    })),
  };
}

function parseInput(text: string | undefined): Json {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new UsageError(`--input must be JSON, such as '{"amount": 12}': ${(error as Error).message}`);
  }
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError('--timeout must be a positive number of seconds.');
  return seconds;
}
