/**
 * `loop`: runs the body once per item, at most `concurrency` iterations at once, without holding
 * a worker while they run; the output lists iteration results in item order.
 */
import { evaluateExpression, type Json } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';
import type { StepRow } from '../sql/steps.js';
import { updateStep } from '../sql/steps.js';
import { scopeOfChild, type Transition } from '../transition.js';

export const loopNode: CoreNode<'loop'> = {
  async start(t, step, node) {
    let items: Json;
    try {
      items = evaluateExpression(node.items, await t.context(step.scope, step.state, node), { now: t.now });
    } catch (error) {
      await t.fail(step, stepErrorOf(node, 'expression.failed', error));
      return;
    }
    if (!Array.isArray(items)) {
      await t.fail(step, {
        code: 'loop.not_a_list',
        message: `"items" gave ${typeof items}, not a list.`,
        node: node.id,
      });
      return;
    }
    if (node.maxItems !== undefined && items.length > node.maxItems) {
      await t.fail(step, {
        code: 'loop.too_many_items',
        message: `The list has ${items.length} items, more than maxItems (${node.maxItems}).`,
        node: node.id,
      });
      return;
    }
    if (items.length === 0) {
      await t.succeed(step, []);
      return;
    }
    const started = Math.min(node.concurrency ?? 1, items.length);
    await t.wait(step, { ...step.state, items, results: items.map(() => null), started, ended: 0 }, null);
    for (let i = 0; i < started; i++) {
      if (!(await startIteration(t, step, node.nodes[0]?.id ?? '', i))) return;
    }
  },

  async childEnded(t, container, child, output, node) {
    const items = (container.state.items ?? []) as Json[];
    const results = [...((container.state.results ?? []) as Json[])];
    results[child] = output;
    const ended = Number(container.state.ended ?? 0) + 1;
    const started = Number(container.state.started ?? 0);
    const state = { ...container.state, results, ended, started };
    if (ended === items.length) {
      await t.succeed({ ...container, state }, results);
      return;
    }
    if (started < items.length) {
      state.started = started + 1;
      await updateStep(t.tx, t.run.id, container.key, { status: 'waiting', state });
      await startIteration(t, container, node.nodes[0]?.id ?? '', started);
      return;
    }
    await updateStep(t.tx, t.run.id, container.key, { status: 'waiting', state });
  },
};

async function startIteration(
  t: Transition,
  container: StepRow,
  first: string,
  index: number,
): Promise<boolean> {
  return (await t.scheduleStep(scopeOfChild(container.key, 'i', index), first)) !== null;
}
