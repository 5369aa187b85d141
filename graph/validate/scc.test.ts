import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reach } from './flow.js';
import { stronglyConnected } from './scc.js';

/** Random directed graphs as successor lists. */
const graphs = fc
  .integer({ min: 1, max: 30 })
  .chain((size) =>
    fc.array(fc.array(fc.nat({ max: size - 1 }), { maxLength: 4 }), { minLength: size, maxLength: size }),
  );

describe('stronglyConnected', () => {
  it('groups exactly the nodes that reach each other, successors first', () => {
    fc.assert(
      fc.property(graphs, (successors) => {
        const { components, component } = stronglyConnected(successors);
        const reaches = successors.map((_, i) => reach(successors, [i]));
        successors.forEach((_, a) => {
          successors.forEach((__, b) => {
            expect(component[a] === component[b]).toBe(reaches[a]![b]! && reaches[b]![a]!);
          });
          // Every successor's component was listed no later than this one.
          for (const b of successors[a]!) expect(component[b]!).toBeLessThanOrEqual(component[a]!);
        });
        expect(components.flat().sort((x, y) => x - y)).toEqual(successors.map((_, i) => i));
      }),
    );
  });

  it('handles a chain too long for recursion', () => {
    const successors = Array.from({ length: 100_000 }, (_, i) => (i + 1 < 100_000 ? [i + 1] : [0]));
    expect(stronglyConnected(successors).components).toHaveLength(1);
  });
});
