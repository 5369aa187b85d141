import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Input } from '../core/model.js';
import { toPlainText, truncate } from './mrkdwn.js';
import type { FormSpec } from './render.js';

/**
 * Modals: the form behind an "Open form" button, and the text an action asks for before it is
 * submitted (a rejection reason). The view's `private_metadata` carries what the submission
 * becomes (action id and value) and where the button was (conversation and message), so the
 * `view_submission` can be handed to the core like the button press it completes.
 */

/** `callback_id` of every modal this adapter opens. */
export const MODAL_CALLBACK_ID = 'switchboard.modal';

/** Block id of the prompt modal's text field; its answer reaches the core as `inputs.comment`. */
export const COMMENT_INPUT = 'comment';

const messageAddressSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
export type MessageAddress = z.infer<typeof messageAddressSchema>;

export const modalContextSchema = z.object({
  actionId: z.string().min(1).max(255),
  value: z.string().max(2000),
  conversation: z.object({ channel: z.string().min(1), thread: z.string().nullable(), direct: z.boolean() }),
  message: messageAddressSchema.nullable(),
});
export type ModalContext = z.infer<typeof modalContextSchema>;

const LIMITS = {
  title: 24,
  submit: 24,
  label: 2000,
  options: 100,
  optionText: 75,
  optionValue: 150,
  blocks: 100,
};

/** The modal of a form. */
export function formModal(spec: FormSpec, context: ModalContext): types.ModalView {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(context),
    title: plain(spec.title || 'Form', LIMITS.title),
    submit: plain(spec.submit.label || 'Submit', LIMITS.submit),
    close: plain('Cancel', LIMITS.submit),
    blocks: spec.inputs.slice(0, LIMITS.blocks).map(inputBlock),
  };
}

/** The modal asking for an action's text (e.g. "Reason" before rejecting). */
export function promptModal(
  prompt: { label: string; required: boolean },
  actionLabel: string,
  context: ModalContext,
): types.ModalView {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(context),
    title: plain(actionLabel || prompt.label, LIMITS.title),
    submit: plain(actionLabel || 'Submit', LIMITS.submit),
    close: plain('Cancel', LIMITS.submit),
    blocks: [
      inputBlock({ key: COMMENT_INPUT, label: prompt.label, type: 'textarea', required: prompt.required }),
    ],
  };
}

/** The context a submitted modal carries, or null when it is not one of ours or is malformed. */
export function readModalContext(view: {
  callback_id?: string;
  private_metadata?: string;
}): ModalContext | null {
  if (view.callback_id !== MODAL_CALLBACK_ID || !view.private_metadata) return null;
  try {
    const parsed = modalContextSchema.safeParse(JSON.parse(view.private_metadata));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A submitted element state as Slack sends it in `view.state.values`. */
export interface ElementState {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value?: string } | null;
}

/** The submitted values by input key; unanswered optional fields are left out. */
export function readModalInputs(
  values: Record<string, Record<string, ElementState>> | undefined,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [blockId, elements] of Object.entries(values ?? {})) {
    const state = elements[blockId] ?? Object.values(elements)[0];
    const value = state?.value ?? state?.selected_date ?? state?.selected_option?.value ?? null;
    if (value !== null && value !== undefined && value !== '') inputs[blockId] = value;
  }
  return inputs;
}

function inputBlock(input: Input): types.InputBlock {
  return {
    type: 'input',
    block_id: input.key,
    optional: !input.required,
    label: plain(input.label || input.key, LIMITS.label),
    element: elementOf(input),
  };
}

function elementOf(input: Input): types.InputBlockElement {
  const action_id = input.key;
  switch (input.type) {
    case 'textarea':
    case 'text':
      return {
        type: 'plain_text_input',
        action_id,
        multiline: input.type === 'textarea',
        max_length: 3000,
        ...(input.initial ? { initial_value: input.initial } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: true,
        ...(input.initial ? { initial_value: input.initial } : {}),
      };
    case 'date':
      return {
        type: 'datepicker',
        action_id,
        ...(input.initial && /^\d{4}-\d{2}-\d{2}$/.test(input.initial)
          ? { initial_date: input.initial }
          : {}),
      };
    case 'boolean': {
      const options = [option('true', 'Yes'), option('false', 'No')];
      const initial = options.find((o) => o.value === input.initial);
      return { type: 'radio_buttons', action_id, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'select': {
      const options = (input.options ?? []).slice(0, LIMITS.options).map((value) => option(value, value));
      const initial = options.find((o) => o.value === input.initial);
      return { type: 'static_select', action_id, options, ...(initial ? { initial_option: initial } : {}) };
    }
  }
}

function option(value: string, label: string): types.PlainTextOption {
  return { value: value.slice(0, LIMITS.optionValue), text: plain(label, LIMITS.optionText) };
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(toPlainText(text), max) || ' ' };
}
