/** `transform`: sets variables (`vars.<name>`) from expressions; its output is the values set. */
import { evaluateExpression, type Json } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';

export const transformNode: CoreNode<'transform'> = {
  inline: true,

  async start(t, step, node) {
    const context = await t.context(step.scope, step.state, node);
    const values: Record<string, Json> = {};
    try {
      for (const [name, source] of Object.entries(node.set)) {
        values[name] = evaluateExpression(source, context, { now: t.now });
      }
    } catch (error) {
      await t.fail(step, stepErrorOf(node, 'expression.failed', error));
      return;
    }
    await t.succeed(step, values, undefined, values);
  },
};
