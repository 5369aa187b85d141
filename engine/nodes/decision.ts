/** `decision`: the first case whose `when` is true decides the next node, else `default`. */
import { evaluateExpression } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';

export const decisionNode: CoreNode<'decision'> = {
  inline: true,

  async start(t, step, node) {
    const context = await t.context(step.scope, step.state, node);
    let branch: string = node.default;
    try {
      for (const c of node.cases) {
        if (evaluateExpression(c.when, context, { now: t.now }) === true) {
          branch = c.next;
          break;
        }
      }
    } catch (error) {
      await t.fail(step, stepErrorOf(node, 'expression.failed', error));
      return;
    }
    await t.succeed(step, { branch }, branch);
  },
};
