/** How tasks read in messages, the same on every surface (chat cards, the email page). */
import type { TaskOutcome } from './api.js';

export const TASK_OUTCOME_WORDS: Record<TaskOutcome, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  submitted: 'Submitted',
  timed_out: 'Timed out',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A person reference as people read it: `ann@example.com`, `U123 (Slack)`, `<id> (Teams)`. */
export function personLabel(reference: string): string {
  if (reference.startsWith('email:')) return reference.slice('email:'.length);
  const match = /^(slack|teams):user\/(.+)$/.exec(reference);
  if (match) return `${match[2]} (${match[1] === 'slack' ? 'Slack' : 'Teams'})`;
  return reference;
}
