import type { NodeOf } from '../../schema/node.js';
import { goTo, type StepContext, type StepDescriber, stepReference, thisStep, warn } from '../context.js';
import { code, excerpt, list } from '../words/inline.js';
import { referenceInWords } from '../words/reference.js';

type Approval = NodeOf<'approval'>;

export const describeApproval: StepDescriber<'approval'> = (node, ctx) => {
  const { m } = ctx;
  return {
    summary: m.approval(m.quote(node.title)),
    details: [
      m.sentence(m.approvers, peopleInWords(node.approvers, ctx)),
      modeSentence(node, ctx),
      m.sentence(m.message, m.quote(excerpt(node.message))),
      ...shownFields(node, ctx),
      ...(node.reminders === undefined
        ? []
        : [m.reminders(m.duration(node.reminders.every), node.reminders.max)]),
      ...deadline(node, ctx),
      node.allowSelfApproval === true ? m.selfApprovalAllowed : m.selfApprovalRefused,
      node.requireRejectComment === false ? m.rejectCommentOptional : m.rejectCommentRequired,
      m.ifApproved(goTo(ctx, node.next.approved)),
      m.ifRejected(goTo(ctx, node.next.rejected)),
    ],
  };
};

function modeSentence(node: Approval, { m }: StepContext): string {
  switch (node.mode ?? 'any') {
    case 'any':
      return m.modeAny;
    case 'all':
      return m.modeAll;
    case 'majority':
      return m.modeMajority;
    case 'quorum':
      return node.quorum === undefined ? m.modeQuorumUnset : m.modeQuorum(node.quorum);
    case 'sequential':
      return m.modeSequential;
  }
}

function shownFields(node: Approval, { m }: StepContext): string[] {
  if (node.fields === undefined || node.fields.length === 0) return [];
  const shown = node.fields.map((f) => `${f.label} (${code(f.value)})`);
  return [m.sentence(m.shows, shown.join('; '))];
}

/** The decision deadline and what happens when it passes, with warnings for settings that never apply. */
function deadline(node: Approval, ctx: StepContext): string[] {
  const { m } = ctx;
  const timedOut = node.next.timed_out;
  if (node.onTimeout !== undefined && timedOut !== undefined) {
    warn(ctx, 'timed_out_ignored', m.warnTimedOutIgnored(thisStep(ctx), stepReference(ctx, timedOut)));
  }
  if (node.escalateTo !== undefined && node.onTimeout !== 'escalate') {
    warn(
      ctx,
      'escalate_unused',
      `${m.warnEscalateUnused(thisStep(ctx))} (${peopleInWords(node.escalateTo, ctx)})`,
    );
  }
  const action = timeoutAction(node, ctx);
  if (node.timeout !== undefined) return [m.deadline(m.duration(node.timeout), action)];
  if (node.onTimeout !== undefined || timedOut !== undefined) {
    warn(ctx, 'timeout_without_deadline', m.warnTimeoutWithoutDeadline(thisStep(ctx), action));
  }
  return [];
}

function timeoutAction(node: Approval, ctx: StepContext): string {
  const { m } = ctx;
  switch (node.onTimeout) {
    case 'approve':
      return m.autoApprove;
    case 'reject':
      return m.autoReject;
    case 'fail':
      return m.timeoutFails;
    case 'escalate':
      return node.escalateTo === undefined
        ? m.escalateNobody
        : m.escalate(peopleInWords(node.escalateTo, ctx));
    case undefined:
      return node.next.timed_out === undefined ? m.timeoutUndefined : goTo(ctx, node.next.timed_out);
  }
}

function peopleInWords(references: string[], { m }: StepContext): string {
  return list(
    references.map((r) => referenceInWords(r, m)),
    m,
  );
}
