/**
 * `subworkflow`: starts a child run of another workflow of the tenant (its active version, else
 * its newest) with the rendered `input`; the parent step waits without holding a worker and
 * resumes with the child's output when the child run ends (see `Transition.finishRun`).
 */
import { type Json, renderJsonTemplate } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';
import { selectWorkflowByIdOrName } from '../sql/workflows.js';
import { startRunInTx } from '../start-run.js';

export const subworkflowNode: CoreNode<'subworkflow'> = {
  async start(t, step, node) {
    let input: Json = null;
    try {
      if (node.input !== undefined) {
        input = renderJsonTemplate(node.input, await t.context(step.scope, step.state), { now: t.now });
      }
    } catch (error) {
      await t.fail(step, stepErrorOf(node, 'expression.failed', error));
      return;
    }
    const workflow = await selectWorkflowByIdOrName(t.tx, node.workflow);
    if (workflow === undefined) {
      await t.fail(step, {
        code: 'subworkflow.not_found',
        message: `No workflow named or with id "${node.workflow}" in this tenant.`,
        node: node.id,
      });
      return;
    }
    const { run: child } = await startRunInTx(
      t.host,
      t.tx,
      workflow,
      workflow.active_version ?? workflow.latest_version,
      {
        trigger: 'subworkflow',
        input,
        requester: t.run.requester,
        parentRunId: t.run.id,
        parentStepKey: step.key,
        now: t.now,
      },
    );
    await t.wait(step, { ...step.state, childRunId: child.id }, null);
  },
};
