import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFlows, reach } from './flow.js';
import { readDocument } from './model.js';

/** A graph of decision nodes `n0…`, each with random targets. */
const documents = fc
  .integer({ min: 1, max: 40 })
  .chain((size) =>
    fc.array(fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 3 }), {
      minLength: size,
      maxLength: size,
    }),
  )
  .map((targets) => ({
    nodes: targets.map((to, i) => ({
      id: `n${i}`,
      type: 'decision',
      cases: to.slice(1).map((t) => ({ when: 'true', next: `n${t}` })),
      default: `n${to[0]}`,
    })),
  }));

describe('flow', () => {
  it('says a node leads to another exactly when a path of at least one edge joins them', () => {
    fc.assert(
      fc.property(documents, (document) => {
        const model = readDocument(document);
        const flow = analyzeFlows(model).get(model.graphs[0]!)!;
        const nodes = model.graphs[0]!.nodes;
        nodes.forEach((from, a) => {
          const seen = reach(flow.successors, flow.successors[a]!);
          for (const [b, to] of nodes.entries()) expect(flow.leadsTo(from, to)).toBe(seen[b]);
        });
      }),
    );
  });
});
