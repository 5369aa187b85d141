/**
 * `parallel`: starts every branch at once and waits without holding a worker; with `all` it
 * continues when every branch ended (output: branch results in branch order), with `any` when
 * the first did, cancelling the others (their results stay null).
 */
import type { Json } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { updateStep } from '../sql/steps.js';
import { scopeOfChild } from '../transition.js';

export const parallelNode: CoreNode<'parallel'> = {
  async start(t, step, node) {
    const results: Json[] = node.branches.map(() => null);
    await t.wait(step, { ...step.state, results, ended: [] }, null);
    for (const [i, branch] of node.branches.entries()) {
      const first = branch.nodes[0];
      if (first === undefined) continue;
      if ((await t.scheduleStep(scopeOfChild(step.key, 'b', i), first.id)) === null) return;
    }
  },

  async childEnded(t, container, child, output, node) {
    const results = [...((container.state.results ?? []) as Json[])];
    const ended = [...((container.state.ended ?? []) as number[])];
    results[child] = output;
    ended.push(child);
    const state = { ...container.state, results, ended };
    if ((node.waitFor ?? 'all') === 'any') {
      await t.cancelOpen(`${container.key}.`);
      await t.succeed({ ...container, state }, results);
      return;
    }
    if (ended.length < node.branches.length) {
      await updateStep(t.tx, t.run.id, container.key, { status: 'waiting', state });
      return;
    }
    await t.succeed({ ...container, state }, results);
  },
};
