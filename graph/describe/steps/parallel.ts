import type { StepDescriber } from '../context.js';
import { nestedGraphs } from '../tree.js';

export const describeParallel: StepDescriber<'parallel'> = (node, ctx) => {
  const { m } = ctx;
  const count = node.branches.length;
  return {
    summary: node.waitFor === 'any' ? m.parallelAny(count) : m.parallelAll(count),
    details: [],
    groups: nestedGraphs(node, ctx.number).map((graph, i) => ({
      number: graph.prefix,
      title: m.branch(graph.prefix, node.branches[i]?.name),
      steps: ctx.describeGraph(graph.nodes, graph.prefix, 'branch'),
    })),
    onward: { next: node.next },
  };
};
