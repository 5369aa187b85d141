import type { Action, Block, Input, OutgoingMessage } from '../core/model.js';

/**
 * The neutral message model as an Adaptive Card 1.5 (what Teams shows). Buttons are
 * `Action.Execute` (Universal Actions): `verb` is our action id, `data.value` its value. Teams
 * merges the card's input values into `data` when a button is pressed, so input ids carry a
 * prefix that cannot collide with `value`: `field.<key>` for `inputs` blocks and `prompt.<n>` for
 * the text an action asks for first (a rejection reason), which the action names in
 * `data.prompt`. An input is submitted only with the button it belongs to (`associatedInputs`), so
 * a required reason never blocks the other buttons. A message without `actions`/`inputs` blocks
 * (a closed task card) has no controls at all.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Prefix of the ids of `inputs` fields. */
export const FIELD_INPUT_PREFIX = 'field.';
/** Prefix of the ids of action prompts. */
export const PROMPT_INPUT_PREFIX = 'prompt.';

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  /** Text read by screen readers and shown in notifications. */
  fallbackText: string;
  body: CardElement[];
  msteams: { width: 'Full' };
}

/** What an `Action.Execute` of ours carries back in `data` (plus the card's input values). */
export interface ActionData {
  value: string;
  /** Id of the input holding this action's prompt answer. */
  prompt?: string;
}

/** Renders `message` as an Adaptive Card. */
export function renderCard(message: OutgoingMessage): AdaptiveCard {
  const prompts = { next: 1 };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: message.text,
    body: message.blocks.flatMap((block) => renderBlock(block, prompts)),
    msteams: { width: 'Full' },
  };
}

/** The message activity (text plus the card as an attachment) Teams is sent for `message`. */
export function cardActivity(message: OutgoingMessage): {
  type: 'message';
  text: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
} {
  return {
    type: 'message',
    // Teams shows `text` above the card; the card says it all, so only notifications use it.
    text: '',
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderCard(message) }],
  };
}

/** Plain text of a message, for places that take no card (an invoke's message answer). */
export function plainText(message: OutgoingMessage): string {
  const parts = message.blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'heading':
      case 'text':
      case 'context':
        return [block.text];
      case 'facts':
        return block.facts.map((fact) => `${fact.label}: ${fact.value}`);
      case 'list':
        return block.items.map((item, index) => (block.ordered ? `${index + 1}. ${item}` : `- ${item}`));
      default:
        return [];
    }
  });
  return parts.length > 0 ? parts.join('\n') : message.text;
}

function renderBlock(block: Block, prompts: { next: number }): CardElement[] {
  switch (block.type) {
    case 'heading':
      return [
        {
          type: 'TextBlock',
          text: block.text,
          size: 'Large',
          weight: 'Bolder',
          wrap: true,
          style: 'heading',
        },
      ];
    case 'text':
      return [{ type: 'TextBlock', text: paragraphs(block.text), wrap: true }];
    case 'facts':
      return [
        { type: 'FactSet', facts: block.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
      ];
    case 'list':
      return [
        {
          type: 'TextBlock',
          text: block.items
            .map((item, index) => (block.ordered ? `${index + 1}. ${item}` : `- ${item}`))
            .join('\r'),
          wrap: true,
        },
      ];
    case 'context':
      return [{ type: 'TextBlock', text: block.text, isSubtle: true, size: 'Small', wrap: true }];
    case 'actions':
      return renderActions(block.actions, prompts);
    case 'inputs':
      return [
        ...block.inputs.map(renderInput),
        { type: 'ActionSet', actions: [executeAction(block.submit, { value: block.submit.value }, 'auto')] },
      ];
  }
}

/** Buttons; an action with a prompt gets its text input right above the buttons. */
function renderActions(actions: Action[], prompts: { next: number }): CardElement[] {
  const inputs: CardElement[] = [];
  const buttons = actions.map((action) => {
    if (!action.prompt) return executeAction(action, { value: action.value }, 'none');
    const id = `${PROMPT_INPUT_PREFIX}${prompts.next++}`;
    inputs.push({
      type: 'Input.Text',
      id,
      label: action.prompt.label,
      isMultiline: true,
      isRequired: action.prompt.required,
      maxLength: 2000,
      ...(action.prompt.required
        ? { errorMessage: `${action.prompt.label} is required to ${action.label}.` }
        : {}),
    });
    return executeAction(action, { value: action.value, prompt: id }, 'auto');
  });
  return [...inputs, { type: 'ActionSet', actions: buttons }];
}

function executeAction(action: Action, data: ActionData, associatedInputs: 'auto' | 'none'): CardElement {
  return {
    type: 'Action.Execute',
    title: action.label,
    verb: action.id,
    data,
    associatedInputs,
    ...(action.style === 'primary'
      ? { style: 'positive' }
      : action.style === 'danger'
        ? { style: 'destructive' }
        : {}),
  };
}

function renderInput(input: Input): CardElement {
  const common = {
    id: `${FIELD_INPUT_PREFIX}${input.key}`,
    label: input.label,
    isRequired: input.required,
    ...(input.required ? { errorMessage: `${input.label} is required.` } : {}),
  };
  const initial = input.initial !== undefined ? { value: input.initial } : {};
  switch (input.type) {
    case 'text':
      return { type: 'Input.Text', ...common, ...initial };
    case 'textarea':
      return { type: 'Input.Text', ...common, isMultiline: true, ...initial };
    case 'number':
      return { type: 'Input.Number', ...common, ...initial };
    case 'date':
      return { type: 'Input.Date', ...common, ...initial };
    case 'boolean':
      return {
        type: 'Input.Toggle',
        ...common,
        title: input.label,
        valueOn: 'true',
        valueOff: 'false',
        value: input.initial === 'true' ? 'true' : 'false',
      };
    case 'select':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'compact',
        choices: (input.options ?? []).map((option) => ({ title: option, value: option })),
        ...initial,
      };
  }
}

/** Adaptive Card Markdown needs a blank line for a line break. */
function paragraphs(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/(?<!\n)\n(?!\n)/g, '\n\n');
}
