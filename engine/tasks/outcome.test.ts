import { describe, expect, it } from 'vitest';
import { outcomeOf, sequentialPosition } from './outcome.js';

const parts = ['a', 'b', 'c'];
const tally = (mode: string, decisions: [string, 'approve' | 'reject'][], quorum: number | null = null) =>
  outcomeOf({
    mode,
    quorum,
    parts,
    decisions: decisions.map(([person, decision]) => ({ person, decision })),
  });

describe('outcomeOf', () => {
  it('any: the first decision decides', () => {
    expect(tally('any', [])).toBeNull();
    expect(tally('any', [['b', 'reject']])).toBe('rejected');
    expect(tally('any', [['c', 'approve']])).toBe('approved');
  });

  it('all: everyone approves, one rejection rejects', () => {
    expect(
      tally('all', [
        ['a', 'approve'],
        ['b', 'approve'],
      ]),
    ).toBeNull();
    expect(
      tally('all', [
        ['a', 'approve'],
        ['b', 'approve'],
        ['c', 'approve'],
      ]),
    ).toBe('approved');
    expect(
      tally('all', [
        ['a', 'approve'],
        ['b', 'reject'],
      ]),
    ).toBe('rejected');
  });

  it('majority: more than half; a tie of an even number rejects', () => {
    expect(tally('majority', [['a', 'approve']])).toBeNull();
    expect(
      tally('majority', [
        ['a', 'approve'],
        ['b', 'approve'],
      ]),
    ).toBe('approved');
    expect(
      tally('majority', [
        ['a', 'reject'],
        ['b', 'reject'],
      ]),
    ).toBe('rejected');
    const even = outcomeOf({
      mode: 'majority',
      quorum: null,
      parts: ['a', 'b', 'c', 'd'],
      decisions: [
        { person: 'a', decision: 'approve' },
        { person: 'b', decision: 'approve' },
        { person: 'c', decision: 'reject' },
        { person: 'd', decision: 'reject' },
      ],
    });
    expect(even).toBe('rejected');
  });

  it('quorum: n approvals; rejected when n can no longer be reached', () => {
    expect(tally('quorum', [['a', 'approve']], 2)).toBeNull();
    expect(
      tally(
        'quorum',
        [
          ['a', 'approve'],
          ['c', 'approve'],
        ],
        2,
      ),
    ).toBe('approved');
    expect(tally('quorum', [['a', 'reject']], 2)).toBeNull();
    expect(
      tally(
        'quorum',
        [
          ['a', 'reject'],
          ['b', 'reject'],
        ],
        2,
      ),
    ).toBe('rejected');
  });

  it('ignores decisions of people not in the current round', () => {
    expect(tally('any', [['z', 'approve']])).toBeNull();
  });

  it('sequential position is the first approver without a decision', () => {
    expect(sequentialPosition(parts, (p) => p === 'a')).toBe(1);
    expect(sequentialPosition(parts, () => true)).toBe(3);
  });
});
