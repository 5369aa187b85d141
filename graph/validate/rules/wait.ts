import { listOf, nodeLabel } from '../wording.js';
import { type NodeRule, object } from './rule.js';

const MODES = ['for', 'until', 'event'] as const;

/** Exactly one of `for`, `until`, `event`. */
const oneMode: NodeRule = (node, { report }) => {
  const present = MODES.filter((mode) => node.raw[mode] !== undefined);
  if (present.length === 0) {
    report(
      'wait.mode_required',
      node.pointer,
      `${nodeLabel(node)} does not say what to wait for. Add exactly one of "for" (a duration such as "2h"), "until" (an expression giving a time) or "event" ({ "name": "invoice.paid" }).`,
    );
  }
  if (present.length > 1) {
    report(
      'wait.mode_conflict',
      `${node.pointer}/${present[1]}`,
      `${nodeLabel(node)} has ${listOf(present)}, but a wait has exactly one of "for", "until" and "event". Keep one; to wait for an event at most some time, use "event" with "timeout".`,
    );
  }
};

/** `onTimeout` is taken when `event.timeout` passes, so it needs one. */
const timeoutTarget: NodeRule = (node, { report }) => {
  if (node.raw.onTimeout === undefined || object(node.raw.event)?.timeout !== undefined) return;
  report(
    'wait.on_timeout_without_timeout',
    `${node.pointer}/onTimeout`,
    `${nodeLabel(node)} has "onTimeout" but no "event.timeout", so it is never taken. Wait for an "event" with a "timeout" (such as "7d"), or remove "onTimeout".`,
  );
};

export const waitRules: NodeRule[] = [oneMode, timeoutTarget];
