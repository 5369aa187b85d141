import { describe, expect, it } from 'vitest';
import { taskViewFor } from '../../test/index.js';
import { TASK_ACTIONS, taskMessage } from '../core/cards.js';
import type { OutgoingMessage } from '../core/model.js';
import {
  COMMENT_INPUT,
  formModal,
  type ModalContext,
  promptModal,
  readModalContext,
  readModalInputs,
} from './modals.js';
import { toMrkdwn, toPlainText } from './mrkdwn.js';
import { decodeActionId, encodeActionId, LIMITS, OPEN_FORM_ACTION, renderMessage } from './render.js';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit unions are asserted by shape.
type AnyBlock = any;

const message = (blocks: OutgoingMessage['blocks'], text = 'fallback'): OutgoingMessage => ({ text, blocks });

describe('toMrkdwn', () => {
  it('converts bold and links, keeps italics and code', () => {
    expect(toMrkdwn('**Total** is _due_ at [the portal](https://x.example/a?b=1&c=2) `a**b**`')).toBe(
      '*Total* is _due_ at <https://x.example/a?b=1&amp;c=2|the portal> `a**b**`',
    );
  });

  it('escapes &, < and > so text cannot inject mentions or links', () => {
    expect(toMrkdwn('a < b & <!channel> <@U1>')).toBe('a &lt; b &amp; &lt;!channel&gt; &lt;@U1&gt;');
  });

  it('leaves links with other schemes as written', () => {
    expect(toMrkdwn('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
  });

  it('gives plain text for headers and buttons', () => {
    expect(toPlainText('**Approve** _now_: [docs](https://d.example) `x`')).toBe(
      'Approve now: docs (https://d.example) x',
    );
  });
});

describe('renderMessage', () => {
  it('renders heading, text, facts, list and context as Block Kit', () => {
    const rendered = renderMessage(
      message([
        { type: 'heading', text: 'Approve **invoice**' },
        { type: 'text', text: 'Pay **now**' },
        { type: 'facts', facts: [{ label: 'Amount', value: '1,200 EUR' }] },
        { type: 'list', items: ['one', 'two'], ordered: true },
        { type: 'context', text: 'Workflow _Invoices_' },
      ]),
    );
    expect(rendered.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Approve invoice', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Pay *now*' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Amount*\n1,200 EUR' }] },
      { type: 'section', text: { type: 'mrkdwn', text: '1. one\n2. two' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Workflow _Invoices_' }] },
    ]);
    expect(rendered.text).toBe('fallback');
    expect(rendered.forms).toEqual([]);
  });

  it('renders actions as buttons carrying our action id, value and style, repeated ids made unique', () => {
    const rendered = renderMessage(
      message([
        {
          type: 'actions',
          actions: [
            { id: 'draft.activate', label: 'Activate', value: 'd1', style: 'primary' },
            { id: 'draft.activate', label: 'Activate other', value: 'd2' },
          ],
        },
      ]),
    );
    const elements = (rendered.blocks[0] as AnyBlock).elements;
    expect(elements).toEqual([
      {
        type: 'button',
        action_id: 'draft.activate',
        text: { type: 'plain_text', text: 'Activate', emoji: true },
        value: 'd1',
        style: 'primary',
      },
      {
        type: 'button',
        action_id: 'draft.activate#2',
        text: { type: 'plain_text', text: 'Activate other', emoji: true },
        value: 'd2',
      },
    ]);
    expect(decodeActionId(elements[1].action_id)).toEqual({ id: 'draft.activate', occurrence: 2 });
  });

  it('encodes the prompt of an action in its action id', () => {
    const task = taskViewFor();
    const rendered = renderMessage(taskMessage(task));
    const actions = rendered.blocks.find((block) => block.type === 'actions') as AnyBlock;
    const [approve, reject] = actions.elements;
    expect(decodeActionId(approve.action_id)).toEqual({ id: TASK_ACTIONS.approve, occurrence: 1 });
    expect(decodeActionId(reject.action_id)).toEqual({
      id: TASK_ACTIONS.reject,
      occurrence: 1,
      prompt: { label: 'Reason', required: true },
    });
    expect(reject.value).toBe(task.id);
    expect(reject.style).toBe('danger');
  });

  it('keeps encoded action ids within 255 characters', () => {
    const encoded = encodeActionId({
      id: 'task.reject',
      occurrence: 1,
      prompt: { label: 'x'.repeat(400), required: false },
    });
    expect(encoded.length).toBe(LIMITS.actionId);
    expect(decodeActionId(encoded).prompt?.required).toBe(false);
  });

  it('renders a closed task card without buttons, saying who decided', () => {
    const task = taskViewFor({
      status: 'closed',
      outcome: 'approved',
      closedBy: 'slack:user/U1',
      closedAt: '2025-03-01T10:00:00.000Z',
    });
    const rendered = renderMessage(taskMessage(task));
    expect(rendered.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(rendered.blocks)).toContain('Approved by U1 (Slack) at 2025-03-01 10:00 UTC');
  });

  it('turns inputs into an "Open form" button whose form is returned by hash', () => {
    const submit = { id: TASK_ACTIONS.submit, label: 'Submit', value: 'task-1', style: 'primary' as const };
    const rendered = renderMessage(
      message([
        { type: 'heading', text: 'Expense report' },
        {
          type: 'inputs',
          inputs: [{ key: 'amount', label: 'Amount', type: 'number', required: true }],
          submit,
        },
      ]),
    );
    expect(rendered.forms).toHaveLength(1);
    const form = rendered.forms[0]!;
    expect(form.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(form.spec).toEqual({
      title: 'Expense report',
      inputs: [{ key: 'amount', label: 'Amount', type: 'number', required: true }],
      submit,
    });
    const button = (rendered.blocks[1] as AnyBlock).elements[0];
    expect(button).toMatchObject({
      action_id: OPEN_FORM_ACTION,
      value: form.hash,
      text: { text: 'Open form' },
    });
  });

  it('splits long texts, many facts and many buttons to fit Slack limits', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const rendered = renderMessage(
      message([
        { type: 'text', text: long },
        { type: 'facts', facts: Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: 'v' })) },
        {
          type: 'actions',
          actions: Array.from({ length: 30 }, (_, i) => ({
            id: `a.${i}`,
            label: 'y'.repeat(100),
            value: 'v',
          })),
        },
      ]),
    );
    const sections = rendered.blocks.filter((block: AnyBlock) => block.type === 'section' && block.text);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections as AnyBlock[]) expect(section.text.text.length).toBeLessThanOrEqual(3000);
    const fieldSections = rendered.blocks.filter((block: AnyBlock) => block.fields) as AnyBlock[];
    expect(fieldSections.map((block) => block.fields.length)).toEqual([10, 2]);
    const actions = rendered.blocks.filter((block) => block.type === 'actions') as AnyBlock[];
    expect(actions.map((block) => block.elements.length)).toEqual([25, 5]);
    expect(actions[0].elements[0].text.text.length).toBe(75);
  });

  it('keeps at most 50 blocks, dropping content but never the buttons', () => {
    const rendered = renderMessage(
      message([
        ...Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `paragraph ${i}` })),
        { type: 'actions', actions: [{ id: 'draft.activate', label: 'Activate', value: 'd1' }] },
      ]),
    );
    expect(rendered.blocks).toHaveLength(50);
    expect(rendered.blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(rendered.blocks.at(-2))).toContain('12 more part(s)');
  });

  it('truncates the fallback text', () => {
    expect(renderMessage(message([], 'z'.repeat(5000))).text).toHaveLength(LIMITS.fallbackText);
  });
});

describe('modals', () => {
  const context: ModalContext = {
    actionId: 'task.submit',
    value: 'task-1',
    conversation: { channel: 'D1', thread: '1.2', direct: true },
    message: { channel: 'D1', ts: '1.2' },
  };

  it('renders every input type as its Slack element and carries the context', () => {
    const view = formModal(
      {
        title: 'A rather long expense report title',
        submit: { id: 'task.submit', label: 'Send', value: 'task-1' },
        inputs: [
          { key: 'note', label: 'Note', type: 'textarea', required: false, initial: 'hi' },
          { key: 'amount', label: 'Amount', type: 'number', required: true },
          { key: 'when', label: 'When', type: 'date', required: true, initial: '2025-03-01' },
          { key: 'ok', label: 'OK?', type: 'boolean', required: true, initial: 'true' },
          { key: 'kind', label: 'Kind', type: 'select', required: true, options: ['travel', 'food'] },
        ],
      },
      context,
    );
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit?.text).toBe('Send');
    expect(readModalContext(view)).toEqual(context);
    const elements = (view.blocks as AnyBlock[]).map((block) => [
      block.block_id,
      block.optional,
      block.element.type,
    ]);
    expect(elements).toEqual([
      ['note', true, 'plain_text_input'],
      ['amount', false, 'number_input'],
      ['when', false, 'datepicker'],
      ['ok', false, 'radio_buttons'],
      ['kind', false, 'static_select'],
    ]);
    expect((view.blocks[3] as AnyBlock).element.initial_option.value).toBe('true');
  });

  it('asks for the prompt text in a modal', () => {
    const view = promptModal({ label: 'Reason', required: true }, 'Reject', {
      ...context,
      actionId: 'task.reject',
    });
    expect(view.blocks).toEqual([
      expect.objectContaining({
        block_id: COMMENT_INPUT,
        optional: false,
        label: { type: 'plain_text', text: 'Reason' },
      }),
    ]);
    expect(readModalContext(view)?.actionId).toBe('task.reject');
  });

  it('reads submitted values of every element type, leaving out unanswered ones', () => {
    expect(
      readModalInputs({
        note: { note: { type: 'plain_text_input', value: 'hello' } },
        amount: { amount: { type: 'number_input', value: '12.5' } },
        when: { when: { type: 'datepicker', selected_date: '2025-03-01' } },
        ok: { ok: { type: 'radio_buttons', selected_option: { value: 'false' } } },
        empty: { empty: { type: 'plain_text_input', value: null } },
      }),
    ).toEqual({ note: 'hello', amount: '12.5', when: '2025-03-01', ok: 'false' });
  });

  it('ignores views that are not ours or carry malformed metadata', () => {
    expect(readModalContext({ callback_id: 'other', private_metadata: JSON.stringify(context) })).toBeNull();
    expect(readModalContext({ callback_id: 'switchboard.modal', private_metadata: '{nope' })).toBeNull();
    expect(
      readModalContext({ callback_id: 'switchboard.modal', private_metadata: '{"actionId":1}' }),
    ).toBeNull();
  });
});
