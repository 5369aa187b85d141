/**
 * Messages about a draft: planning progress, the planner's questions, the preview people approve
 * (built from `graph/describe`, never from model prose) with the diff of an edit, and what
 * happened on Activate or Discard.
 */
import type { DescribedStep, Description } from '../../graph/index.js';
import type { Question } from '../../planner/index.js';
import { formatTime, personLabel } from './cards.js';
import type { Block, OutgoingMessage } from './model.js';

/** Action ids of draft messages; `value` is the conversation id. */
export const DRAFT_ACTIONS = {
  activate: 'draft.activate',
  edit: 'draft.edit',
  discard: 'draft.discard',
} as const;

export function planningMessage(what: 'plan' | 'edit'): OutgoingMessage {
  const text = what === 'plan' ? 'Planning your automation…' : 'Updating the draft…';
  return { text, blocks: [{ type: 'context', text: `⏳ ${text}` }] };
}

export function questionsMessage(conversationId: string, questions: Question[]): OutgoingMessage {
  return {
    text: `Before I draft it: ${questions.map((q) => q.question).join(' ')}`,
    blocks: [
      { type: 'heading', text: 'A few questions before I draft it' },
      {
        type: 'list',
        ordered: true,
        items: questions.map((q) =>
          q.options?.length ? `${q.question} (${q.options.join(' / ')})` : q.question,
        ),
      },
      { type: 'context', text: 'Answer here in one reply.' },
      { type: 'actions', actions: [discardAction(conversationId)] },
    ],
  };
}

export interface PreviewExtras {
  /** One line per change of an edit (`EditResult.changes`). */
  changes?: string[];
  /** Validator warnings: shown, not blocking. */
  warnings?: string[];
  /** The workflow it will update, when the draft edits a live one. */
  updating?: string;
}

export function previewMessage(
  conversationId: string,
  preview: Description,
  extras: PreviewExtras = {},
): OutgoingMessage {
  const blocks: Block[] = [
    ...previewBlocks(preview, extras),
    {
      type: 'actions',
      actions: [
        {
          id: DRAFT_ACTIONS.activate,
          label: extras.updating ? 'Activate changes' : 'Activate',
          value: conversationId,
          style: 'primary',
        },
        {
          id: DRAFT_ACTIONS.edit,
          label: 'Edit',
          value: conversationId,
          prompt: { label: 'What should change?', required: true },
        },
        discardAction(conversationId),
      ],
    },
    { type: 'context', text: 'Reply here to change it, or press Activate when it is right.' },
  ];
  return { text: `Draft: ${preview.title}`, blocks };
}

/** The preview as it stays in the thread once decided: no buttons, who decided and when. */
export function decidedPreviewMessage(
  preview: Description,
  decision: 'activated' | 'discarded',
  by: string,
  at: Date,
): OutgoingMessage {
  const word = decision === 'activated' ? 'Activated' : 'Discarded';
  return {
    text: `${preview.title}: ${word} by ${personLabel(by)}`,
    blocks: [
      ...previewBlocks(preview, {}),
      { type: 'context', text: `${word} by ${personLabel(by)} at ${formatTime(at.toISOString())}` },
    ],
  };
}

function previewBlocks(preview: Description, extras: PreviewExtras): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: preview.title }];
  if (preview.description) blocks.push({ type: 'text', text: preview.description });
  if (extras.updating)
    blocks.push({ type: 'context', text: `Changes to the live workflow ${extras.updating}` });
  if (extras.changes && extras.changes.length > 0) {
    blocks.push({ type: 'text', text: '**Changes**' });
    blocks.push({ type: 'list', items: extras.changes });
  }
  blocks.push({
    type: 'text',
    text: [`**${preview.trigger.summary}**`, ...preview.trigger.details.map((d) => `· ${d}`)].join('\n'),
  });
  blocks.push({ type: 'list', items: preview.steps.flatMap((step) => stepItems(step, '')) });
  const facts = [
    {
      label: 'Calls',
      value: [...preview.hosts, ...preview.computedHosts].join(', ') || 'no external services',
    },
    { label: 'People', value: preview.people.map((p) => p.text).join(', ') || 'nobody' },
  ];
  blocks.push({ type: 'facts', facts });
  const warnings = [...preview.warnings.map((w) => w.message), ...(extras.warnings ?? [])];
  for (const warning of warnings) blocks.push({ type: 'context', text: `⚠️ ${warning}` });
  return blocks;
}

/** A step as list items: its line with details, then its branches or loop body, indented by number. */
function stepItems(step: DescribedStep, indent: string): string[] {
  const lines = [
    `${indent}**${step.number}. ${step.name}** — ${step.summary}`,
    ...step.details.map((d) => `${indent}· ${d}`),
    ...(step.onward ? [`${indent}· ${step.onward}`] : []),
  ];
  const nested = step.groups.flatMap((group) => [
    `${indent}  _${group.title}_`,
    ...group.steps.flatMap((inner) => stepItems(inner, `${indent}  `).map((item) => item)),
  ]);
  return [lines.join('\n'), ...nested];
}

function discardAction(conversationId: string) {
  return { id: DRAFT_ACTIONS.discard, label: 'Discard', value: conversationId, style: 'danger' as const };
}
