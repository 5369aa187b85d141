import { parseDuration } from '../../duration.js';
import { APPROVAL_MODES, APPROVAL_TIMEOUT_ACTIONS } from '../../nodes/approval.js';
import { parseReference } from '../../reference.js';
import { nodeLabel, plural } from '../wording.js';
import { peopleOnly } from './people.js';
import { list, type NodeRule, object, repeats, text } from './rule.js';

function validMode(value: unknown): string | undefined {
  return (APPROVAL_MODES as readonly unknown[]).includes(value) ? (value as string) : undefined;
}

/** Mode "quorum" needs `quorum`; `quorum` needs mode "quorum" and at most as many approvers. */
const quorum: NodeRule = (node, { report }) => {
  const raw = node.raw;
  const mode = raw.mode === undefined ? 'any' : validMode(raw.mode);
  if (mode === 'quorum' && raw.quorum === undefined) {
    report(
      'approval.quorum_required',
      `${node.pointer}/quorum`,
      `${nodeLabel(node)} has mode "quorum" but no "quorum". Add "quorum": the number of approvals needed (at most the number of approvers).`,
    );
  }
  if (raw.quorum !== undefined && mode !== undefined && mode !== 'quorum') {
    report(
      'approval.quorum_without_mode',
      `${node.pointer}/quorum`,
      `${nodeLabel(node)} has "quorum" but its mode is "${mode}"${raw.mode === undefined ? ' (the default)' : ''}. Set "mode": "quorum" to require that many approvals, or remove "quorum".`,
    );
  }
  const count = approverCount(raw.approvers);
  if (typeof raw.quorum === 'number' && count !== undefined && raw.quorum > count) {
    report(
      'approval.quorum_too_large',
      `${node.pointer}/quorum`,
      `${nodeLabel(node)} needs ${raw.quorum} approvals but has only ${plural(count, 'approver')}, so it could never be approved. Lower "quorum" to at most ${count} or add approvers.`,
    );
  }
};

/** Distinct approvers, or undefined when a group (or an unreadable entry) makes it unknown. */
function approverCount(approvers: unknown): number | undefined {
  const entries = list(approvers);
  if (entries === undefined) return undefined;
  const distinct = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== 'string') return undefined;
    const parsed = parseReference(entry);
    if (parsed === null || parsed.kind === 'group') return undefined;
    distinct.add(entry);
  }
  return distinct.size;
}

/** onTimeout "escalate" needs `escalateTo`, and `escalateTo` is only used by it. */
const escalation: NodeRule = (node, { report }) => {
  const raw = node.raw;
  const action = (APPROVAL_TIMEOUT_ACTIONS as readonly unknown[]).includes(raw.onTimeout)
    ? (raw.onTimeout as string)
    : raw.onTimeout === undefined
      ? 'none'
      : undefined;
  if (action === 'escalate' && raw.escalateTo === undefined) {
    report(
      'approval.escalate_without_target',
      `${node.pointer}/escalateTo`,
      `${nodeLabel(node)} escalates on timeout but has no "escalateTo". Add "escalateTo": the people or groups who decide after the timeout, such as ["group:managers"].`,
    );
  }
  if (raw.escalateTo !== undefined && action !== undefined && action !== 'escalate') {
    report(
      'approval.escalate_unused',
      `${node.pointer}/escalateTo`,
      `${nodeLabel(node)} has "escalateTo", which is only used when "onTimeout" is "escalate"${action === 'none' ? ' (it has no onTimeout)' : ` (it is "${action}")`}. Set "onTimeout": "escalate" with a "timeout", or remove "escalateTo".`,
    );
  }
};

/** `onTimeout` and `next.timed_out` need a `timeout`; with both, `timed_out` is never taken. */
const timeout: NodeRule = (node, { report }) => {
  const raw = node.raw;
  const timedOut = object(raw.next)?.timed_out;
  if (raw.timeout === undefined) {
    for (const [field, pointer] of [
      ['onTimeout', '/onTimeout'],
      ['next.timed_out', '/next/timed_out'],
    ] as const) {
      if ((field === 'onTimeout' ? raw.onTimeout : timedOut) === undefined) continue;
      report(
        'approval.timeout_required',
        `${node.pointer}${pointer}`,
        `${nodeLabel(node)} has "${field}" but no "timeout", so it never times out. Add "timeout" (such as "3d"), or remove "${field}".`,
      );
    }
  }
  if (raw.onTimeout !== undefined && timedOut !== undefined) {
    report(
      'approval.timed_out_unused',
      `${node.pointer}/next/timed_out`,
      `${nodeLabel(node)} has both "onTimeout" and "next.timed_out"; "onTimeout" decides what a timeout does, so "next.timed_out" is never taken. Remove one of them.`,
    );
  }
};

const reminders: NodeRule = (node, { report }) => {
  const every = text(object(node.raw.reminders)?.every);
  const limit = text(node.raw.timeout);
  if (every === undefined || limit === undefined) return;
  const everyMs = parseDuration(every);
  const limitMs = parseDuration(limit);
  if (everyMs === null || limitMs === null || everyMs < limitMs) return;
  report(
    'approval.reminder_after_timeout',
    `${node.pointer}/reminders/every`,
    `${nodeLabel(node)} reminds every ${every}, but times out after ${limit}, so no reminder is ever sent. Remind more often than the timeout, such as every "1d" for a "3d" timeout.`,
  );
};

const duplicateApprovers: NodeRule = (node, { report }) => {
  const approvers = list(node.raw.approvers) ?? [];
  for (const i of repeats(approvers, text)) {
    report(
      'approval.duplicate_approver',
      `${node.pointer}/approvers/${i}`,
      `${nodeLabel(node)} lists "${approvers[i]}" more than once in "approvers"; a person is asked once. Remove the repeat.`,
    );
  }
};

export const approvalRules: NodeRule[] = [
  quorum,
  escalation,
  timeout,
  reminders,
  duplicateApprovers,
  peopleOnly('approvers', 'approvers'),
  peopleOnly('escalateTo', 'the people escalated to'),
];
