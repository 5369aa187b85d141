import { describe, expect, it } from 'vitest';
import { WorkflowDocument } from '../graph/index.js';
import { doc } from './test-support/harness.js';
import { indexWorkflow } from './workflow-index.js';

const index = indexWorkflow(
  WorkflowDocument.parse(
    doc([
      { id: 'a', type: 'transform', set: { x: '1' }, next: 'b' },
      { id: 'b', type: 'transform', set: { y: 'steps.a.x + steps["a"].x' }, next: 'c' },
      { id: 'c', type: 'decision', cases: [{ when: 'size(steps) > 1', next: 'd' }], default: 'd' },
      {
        id: 'd',
        type: 'end',
        output: { y: '{{ steps.b.y }}', x: '{{ vars.x }}' },
        message: 'x {{ steps.a.x }}',
      },
    ]),
  ),
);

describe('stepsReadBy', () => {
  it('lists the steps a node reads through steps.<id>', () => {
    expect(index.stepsReadBy('a')).toEqual([]);
    expect(index.stepsReadBy('b')).toEqual(['a']);
    expect([...(index.stepsReadBy('d') ?? [])].sort()).toEqual(['a', 'b']);
  });

  it('is null for a node that may read any step', () => {
    expect(index.stepsReadBy('c')).toBeNull();
  });
});
