/** `end`: ends the run with a status, an output and a message, wherever it is reached. */
import { type Json, renderJsonTemplate, renderTemplate } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';
import { updateStep } from '../sql/steps.js';

export const endNode: CoreNode<'end'> = {
  inline: true,

  async start(t, step, node) {
    const context = await t.context(step.scope, step.state, node);
    let output: Json = null;
    let message: string | null = null;
    try {
      if (node.output !== undefined) output = renderJsonTemplate(node.output, context, { now: t.now });
      if (node.message !== undefined) message = renderTemplate(node.message, context, { now: t.now });
    } catch (error) {
      await t.fail(step, stepErrorOf(node, 'expression.failed', error));
      return;
    }
    await updateStep(t.tx, t.run.id, step.key, {
      status: 'succeeded',
      output: { status: node.status ?? 'completed', message },
      startedAt: t.now,
      finishedAt: t.now,
    });
    await t.event('step.succeeded', step.key, { node: node.id });
    const status = node.status ?? 'completed';
    const error =
      status === 'failed'
        ? {
            code: 'run.ended_failed',
            message: message ?? `The run ended at ${node.id} with status failed.`,
            node: node.id,
          }
        : null;
    await t.finishRun(status, output, error);
  },
};
