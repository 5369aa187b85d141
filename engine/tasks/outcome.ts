/**
 * When an approval has its outcome, per mode (GRAPH.md `approval.mode`), from the decisions of
 * the designated approvers of the current round:
 * - any: the first decision decides;
 * - all: everyone approves; one rejection rejects;
 * - majority: more than half approve; rejected once that can no longer happen (a tie rejects);
 * - quorum: `quorum` approvals; rejected once that can no longer happen;
 * - sequential: one after another in order; each approval passes the turn on, one rejection rejects.
 */
import type { Decision } from './api.js';

export type ApprovalOutcome = 'approved' | 'rejected';

export interface Tally {
  mode: string;
  quorum: number | null;
  /** The designated approvers of the current round, in order. */
  parts: string[];
  /** Decision per part, in the order they were made. */
  decisions: { person: string; decision: Decision }[];
}

/** The outcome, or null while the approval is still open. */
export function outcomeOf(tally: Tally): ApprovalOutcome | null {
  const counted = tally.decisions.filter((d) => tally.parts.includes(d.person));
  const approvals = counted.filter((d) => d.decision === 'approve').length;
  const rejections = counted.length - approvals;
  const n = tally.parts.length;
  switch (tally.mode) {
    case 'all':
    case 'sequential':
      if (rejections > 0) return 'rejected';
      return approvals === n ? 'approved' : null;
    case 'majority':
      if (approvals * 2 > n) return 'approved';
      return (n - rejections) * 2 <= n ? 'rejected' : null;
    case 'quorum': {
      const needed = tally.quorum ?? n;
      if (approvals >= needed) return 'approved';
      return n - rejections < needed ? 'rejected' : null;
    }
    default:
      return counted[0] === undefined ? null : counted[0].decision === 'approve' ? 'approved' : 'rejected';
  }
}

/** Sequential approvals: the index of the first approver without a decision (whose turn it is). */
export function sequentialPosition(parts: string[], decided: (part: string) => boolean): number {
  const index = parts.findIndex((part) => !decided(part));
  return index < 0 ? parts.length : index;
}
