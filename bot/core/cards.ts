/**
 * Human tasks as cards in the neutral message model: the same approval or form request rendered
 * by every adapter (Block Kit, Adaptive Card, HTML). An open task carries its buttons or inputs;
 * a closed one shows the outcome and who decided, and no controls, so every copy stops accepting
 * clicks once it is updated.
 */
import { personLabel, TASK_OUTCOME_WORDS, type TaskDecision, type TaskView } from '../../engine/index.js';

export { personLabel };

import type { Action, Block, Input, OutgoingMessage } from './model.js';

/** Action ids of task cards; `value` is the task id. */
export const TASK_ACTIONS = {
  approve: 'task.approve',
  reject: 'task.reject',
  submit: 'task.submit',
} as const;

export interface TaskMessageOptions {
  /** The person the copy is for: when they already decided, the card says so instead of asking again. */
  viewer?: string;
}

/** The approval or form card for `task`, with controls only while it is open. */
export function taskMessage(task: TaskView, options: TaskMessageOptions = {}): OutgoingMessage {
  const blocks: Block[] = [{ type: 'heading', text: task.title }];
  if (task.message.trim() !== '') blocks.push({ type: 'text', text: task.message });
  const facts = task.status === 'closed' && task.submission ? submittedFacts(task) : task.facts;
  if (facts.length > 0) blocks.push({ type: 'facts', facts });
  blocks.push(...(task.status === 'open' ? openControls(task, options.viewer) : [closedContext(task)]));
  blocks.push({ type: 'context', text: `Workflow _${task.workflowName}_` });
  return { text: fallbackText(task), blocks };
}

function openControls(task: TaskView, viewer: string | undefined): Block[] {
  const blocks: Block[] = [];
  const progress = decisionsSoFar(task.decisions);
  if (progress) blocks.push({ type: 'context', text: progress });
  const own = viewer ? task.decisions.find((d) => d.by === viewer || d.onBehalfOf === viewer) : undefined;
  if (own) {
    blocks.push({
      type: 'context',
      text: `You ${own.decision === 'approve' ? 'approved' : 'rejected'} at ${formatTime(own.at)}; waiting for the others.`,
    });
    return blocks;
  }
  if (task.dueAt) blocks.push({ type: 'context', text: `Due ${formatTime(task.dueAt)}` });
  if (task.kind === 'approval') {
    blocks.push({ type: 'actions', actions: approvalActions(task) });
  } else {
    blocks.push({
      type: 'inputs',
      inputs: task.fields.map(toInput),
      submit: { id: TASK_ACTIONS.submit, label: 'Submit', value: task.id, style: 'primary' },
    });
  }
  return blocks;
}

function approvalActions(task: TaskView): Action[] {
  return [
    { id: TASK_ACTIONS.approve, label: 'Approve', value: task.id, style: 'primary' },
    {
      id: TASK_ACTIONS.reject,
      label: 'Reject',
      value: task.id,
      style: 'danger',
      prompt: { label: 'Reason', required: task.requireRejectComment },
    },
  ];
}

function toInput(field: TaskView['fields'][number]): Input {
  const input: Input = { key: field.key, label: field.label, type: field.type, required: field.required };
  if (field.options) input.options = field.options;
  return input;
}

function closedContext(task: TaskView): Block {
  const outcome = task.outcome ? TASK_OUTCOME_WORDS[task.outcome] : 'Closed';
  const by = task.closedBy && task.closedBy !== 'engine' ? ` by ${personLabel(task.closedBy)}` : '';
  const at = task.closedAt ? ` at ${formatTime(task.closedAt)}` : '';
  const comment = lastComment(task);
  return { type: 'context', text: `${outcome}${by}${at}${comment ? ` — “${comment}”` : ''}` };
}

function decisionsSoFar(decisions: TaskDecision[]): string | null {
  if (decisions.length === 0) return null;
  const parts = decisions.map(
    (d) => `${d.decision === 'approve' ? 'Approved' : 'Rejected'} by ${personLabel(d.by)}`,
  );
  return parts.join(' · ');
}

function lastComment(task: TaskView): string | null {
  const decisive = [...task.decisions].reverse().find((d) => d.by === task.closedBy) ?? task.decisions.at(-1);
  return decisive?.comment ?? null;
}

function submittedFacts(task: TaskView): { label: string; value: string }[] {
  const values = task.submission?.values ?? {};
  return task.fields
    .filter((f) => f.key in values)
    .map((f) => ({ label: f.label, value: stringify(values[f.key]) }));
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fallbackText(task: TaskView): string {
  if (task.status === 'closed') {
    const outcome = task.outcome ? TASK_OUTCOME_WORDS[task.outcome] : 'Closed';
    const by = task.closedBy && task.closedBy !== 'engine' ? ` by ${personLabel(task.closedBy)}` : '';
    return `${task.title}: ${outcome}${by}`;
  }
  return task.kind === 'approval' ? `Approval requested: ${task.title}` : `Please fill in: ${task.title}`;
}

/** A person reference as people read it: `email:ann@x.org` → `ann@x.org`, `slack:user/U1` → `U1 (Slack)`. */

/** `2025-03-04T09:05:00.000Z` → `2025-03-04 09:05 UTC`: unambiguous in every client. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
