/**
 * Telling people how runs ended (engine's `onRunFinished`, a durable job): the workflow's owner
 * hears of every failure with the failing step and error; the requester of a run started from
 * chat hears the outcome. Messages go through the engine's notifier, so each person gets them
 * where they are reachable (Slack, Teams, the web chat, or the run log).
 */

import type { RunSummary } from '../../engine/index.js';
import type { DescribedStep, WorkflowDocument } from '../../graph/index.js';
import { describe } from '../../graph/index.js';
import type { RunNoticeDeps } from './deps.js';

export interface RunNotices {
  /** Handles one finished run; safe to call again for the same run (idempotency keys). */
  runFinished(run: RunSummary): Promise<void>;
}

export function createRunNotices(deps: RunNoticeDeps): RunNotices {
  return {
    async runFinished(run) {
      const workflow = await deps.engine.getWorkflow(run.tenantId, run.workflowId);
      const owner = workflow.createdBy && isPerson(workflow.createdBy) ? workflow.createdBy : null;
      const failedAt = run.error?.node ? stepLabel(workflow.document, run.error.node) : null;
      const failure = run.error
        ? `${failedAt ? ` at ${failedAt}` : ''}: ${run.error.message} (${run.error.code})`
        : '';
      const post = (to: string, who: string, text: string) =>
        deps.notifier.postMessage({
          tenantId: run.tenantId,
          runId: run.id,
          to,
          text,
          idempotencyKey: `run-finished/${run.id}/${who}`,
        });
      if (run.status === 'failed' && owner) {
        await post(
          owner,
          'owner',
          `❌ **${workflow.name}** failed${failure}\nRun ${run.id}${run.requester ? `, started by ${run.requester}` : ''}.`,
        );
      }
      const requester = run.requester && isPerson(run.requester) ? run.requester : null;
      if (requester && !(run.status === 'failed' && requester === owner)) {
        await post(requester, 'requester', requesterText(run, workflow.name, failure));
      }
      deps.logger?.debug('run notices sent', { runId: run.id, status: run.status });
    },
  };
}

function requesterText(run: RunSummary, name: string, failure: string): string {
  switch (run.status) {
    case 'completed':
      return `✅ Your run of **${name}** completed.`;
    case 'failed':
      return `❌ Your run of **${name}** failed${failure}`;
    case 'cancelled':
      return `⏹️ Your run of **${name}** was cancelled.`;
    default:
      return `Your run of **${name}** is ${run.status}.`;
  }
}

/** Only people and places can be told; `createdBy` may also be an API key's name. */
function isPerson(reference: string): boolean {
  return /^(slack|teams|email):/.test(reference);
}

/** `step 3 “Pay supplier”`, numbered as in the preview; the node id when it is not found. */
function stepLabel(document: WorkflowDocument, nodeId: string): string {
  const found = findStep(describe(document).steps, nodeId);
  return found ? `step ${found.number} “${found.name}”` : `step \`${nodeId}\``;
}

function findStep(steps: DescribedStep[], nodeId: string): DescribedStep | null {
  for (const step of steps) {
    if (step.id === nodeId) return step;
    for (const group of step.groups) {
      const inner = findStep(group.steps, nodeId);
      if (inner) return inner;
    }
  }
  return null;
}
