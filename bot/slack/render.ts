import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import type { Action, Block, Input, OutgoingMessage } from '../core/model.js';
import { splitText, toMrkdwn, toPlainText, truncate } from './mrkdwn.js';

/**
 * The neutral message model as Block Kit. Buttons carry our action id in `action_id` (with a
 * `#n` suffix when one message repeats an id, and the prompt of an action that asks for text
 * first); `inputs` blocks become an "Open form" button whose form is kept apart (`forms`, stored
 * by the poster under the hash the button carries) and opened as a modal on click. Slack's limits
 * are respected: 50 blocks per message, 3,000 characters per section, 10 fields per section,
 * 25 elements per actions block, 75 characters per button label.
 */

export type SlackBlock = types.KnownBlock;

/** A form a message offers: what the "Open form" button's modal asks and what submitting it does. */
export interface FormSpec {
  title: string;
  inputs: Input[];
  submit: Action;
}

export interface RenderedMessage {
  /** Notification and fallback text (mrkdwn). */
  text: string;
  blocks: SlackBlock[];
  /** Forms behind "Open form" buttons, by the hash each button carries as its value. */
  forms: { hash: string; spec: FormSpec }[];
}

/** Action id of the button that opens a message's form; its value is the form's hash. */
export const OPEN_FORM_ACTION = 'slack.open_form';

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  fallbackText: 3000,
} as const;

/** Renders `message` as Block Kit. */
export function renderMessage(message: OutgoingMessage): RenderedMessage {
  const forms: RenderedMessage['forms'] = [];
  const seen = new Map<string, number>();
  const rendered: { blocks: SlackBlock[]; control: boolean }[] = message.blocks.map((block) => {
    if (block.type === 'inputs') {
      const spec: FormSpec = { title: titleOf(message), inputs: block.inputs, submit: block.submit };
      const hash = formHash(spec);
      if (!forms.some((form) => form.hash === hash)) forms.push({ hash, spec });
      const open: Action = { id: OPEN_FORM_ACTION, label: 'Open form', value: hash, style: 'primary' };
      return { blocks: actionBlocks([open], seen), control: true };
    }
    if (block.type === 'actions') return { blocks: actionBlocks(block.actions, seen), control: true };
    return { blocks: contentBlocks(block), control: false };
  });
  return { text: truncate(toMrkdwn(message.text), LIMITS.fallbackText), blocks: fitBlocks(rendered), forms };
}

/** Hash identifying a form by its content, so storing it twice is harmless. */
export function formHash(spec: FormSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

function contentBlocks(block: Exclude<Block, { type: 'actions' | 'inputs' }>): SlackBlock[] {
  switch (block.type) {
    case 'heading':
      return [{ type: 'header', text: plain(block.text, LIMITS.headerText) }];
    case 'text':
      return sections(toMrkdwn(block.text));
    case 'list': {
      const lines = block.items.map(
        (item, index) => `${block.ordered ? `${index + 1}.` : '•'} ${toMrkdwn(item)}`,
      );
      return sections(lines.join('\n'));
    }
    case 'context':
      return [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: truncate(toMrkdwn(block.text), LIMITS.contextText) }],
        },
      ];
    case 'facts': {
      const blocks: SlackBlock[] = [];
      for (let start = 0; start < block.facts.length; start += LIMITS.fields) {
        const fields = block.facts.slice(start, start + LIMITS.fields).map((fact) => ({
          type: 'mrkdwn' as const,
          text: truncate(`*${toMrkdwn(fact.label)}*\n${toMrkdwn(fact.value)}`, LIMITS.fieldText),
        }));
        blocks.push({ type: 'section', fields });
      }
      return blocks;
    }
  }
}

function sections(mrkdwn: string): SlackBlock[] {
  if (mrkdwn.trim() === '') return [];
  return splitText(mrkdwn, LIMITS.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

function actionBlocks(actions: Action[], seen: Map<string, number>): SlackBlock[] {
  const buttons = actions.map((action) => button(action, seen));
  const blocks: SlackBlock[] = [];
  for (let start = 0; start < buttons.length; start += LIMITS.actionsElements) {
    blocks.push({ type: 'actions', elements: buttons.slice(start, start + LIMITS.actionsElements) });
  }
  return blocks;
}

function button(action: Action, seen: Map<string, number>): types.Button {
  const occurrence = (seen.get(action.id) ?? 0) + 1;
  seen.set(action.id, occurrence);
  const element: types.Button = {
    type: 'button',
    action_id: encodeActionId({ id: action.id, occurrence, prompt: action.prompt }),
    text: plain(action.label, LIMITS.buttonText),
    value: action.value.slice(0, LIMITS.buttonValue),
  };
  if (action.style) element.style = action.style;
  return element;
}

/**
 * At most 50 blocks: when there are more, content blocks are dropped from the end (a note says
 * so) while every control block (buttons) stays, so the message can still be acted on.
 */
function fitBlocks(rendered: { blocks: SlackBlock[]; control: boolean }[]): SlackBlock[] {
  const all = rendered.flatMap((part) => part.blocks.map((block) => ({ block, control: part.control })));
  if (all.length <= LIMITS.blocks) return all.map((entry) => entry.block);
  const controls = all.filter((entry) => entry.control).slice(0, LIMITS.blocks - 1);
  let contentRoom = LIMITS.blocks - 1 - controls.length;
  const kept: SlackBlock[] = [];
  let dropped = 0;
  for (const entry of all) {
    if (entry.control) {
      if (controls.includes(entry)) kept.push(entry.block);
    } else if (contentRoom > 0) {
      kept.push(entry.block);
      contentRoom -= 1;
    } else {
      dropped += 1;
    }
  }
  const note: SlackBlock = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `_${dropped} more part(s) of this message do not fit in Slack._` }],
  };
  const firstControl = kept.findIndex((block) => block.type === 'actions');
  kept.splice(firstControl < 0 ? kept.length : firstControl, 0, note);
  return kept;
}

function titleOf(message: OutgoingMessage): string {
  const heading = message.blocks.find((block) => block.type === 'heading');
  return toPlainText(heading?.type === 'heading' ? heading.text : message.text);
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(toPlainText(text), max) || ' ', emoji: true };
}

export interface DecodedActionId {
  id: string;
  /** 1 for the first button with this id in its message, 2 for the next, … */
  occurrence: number;
  prompt?: { label: string; required: boolean } | undefined;
}

/**
 * `task.approve` for a plain first button, `task.approve#2` for a repeated one, and
 * `task.reject#1#r#Reason` (r: required, o: optional) for an action that asks for text first.
 * Our action ids never contain `#`.
 */
export function encodeActionId(action: DecodedActionId): string {
  if (!action.prompt) return action.occurrence === 1 ? action.id : `${action.id}#${action.occurrence}`;
  const head = `${action.id}#${action.occurrence}#${action.prompt.required ? 'r' : 'o'}#`;
  return head + toPlainText(action.prompt.label).slice(0, Math.max(0, LIMITS.actionId - head.length));
}

/** The inverse of `encodeActionId`. */
export function decodeActionId(actionId: string): DecodedActionId {
  const [id = '', occurrence, required, ...label] = actionId.split('#');
  const decoded: DecodedActionId = { id, occurrence: Number(occurrence ?? 1) || 1 };
  if (required === 'r' || required === 'o')
    decoded.prompt = { label: label.join('#'), required: required === 'r' };
  return decoded;
}
