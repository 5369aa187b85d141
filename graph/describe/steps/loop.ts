import type { StepDescriber } from '../context.js';
import { code } from '../words/inline.js';

export const describeLoop: StepDescriber<'loop'> = (node, ctx) => {
  const { m } = ctx;
  const as = node.as ?? 'item';
  return {
    summary: m.loop(code(node.items), as),
    details: [
      m.concurrency(node.concurrency ?? 1),
      ...(node.maxItems === undefined ? [] : [m.maxItems(node.maxItems)]),
    ],
    groups: [
      { number: ctx.number, title: m.loopBody(as), steps: ctx.describeGraph(node.nodes, ctx.number, 'body') },
    ],
    onward: { next: node.next },
  };
};
