import { Activity } from '@microsoft/agents-activity';
import { describe, expect, it } from 'vitest';
import { taskViewFor } from '../../test/index.js';
import { taskMessage } from '../core/cards.js';
import type { OutgoingMessage } from '../core/model.js';
import { actionIncoming } from './incoming.js';
import { type CardElement, cardActivity, plainText, renderCard } from './render.js';

const elements = (message: OutgoingMessage) => renderCard(message).body;
const ofType = (body: CardElement[], type: string) => body.filter((element) => element.type === type);
const actionsOf = (body: CardElement[]) =>
  ofType(body, 'ActionSet').flatMap((set) => set.actions as Record<string, unknown>[]);

describe('renderCard', () => {
  it('renders an Adaptive Card 1.5 with heading, text, facts, list and context', () => {
    const card = renderCard({
      text: 'fallback',
      blocks: [
        { type: 'heading', text: 'Invoice approval' },
        { type: 'text', text: 'Line one\nLine two' },
        { type: 'facts', facts: [{ label: 'Amount', value: '1,200 EUR' }] },
        { type: 'list', items: ['first', 'second'], ordered: true },
        { type: 'context', text: 'replayed model response' },
      ],
    });
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'fallback' });
    expect(card.body).toEqual([
      {
        type: 'TextBlock',
        text: 'Invoice approval',
        size: 'Large',
        weight: 'Bolder',
        wrap: true,
        style: 'heading',
      },
      { type: 'TextBlock', text: 'Line one\n\nLine two', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Amount', value: '1,200 EUR' }] },
      { type: 'TextBlock', text: '1. first\r2. second', wrap: true },
      { type: 'TextBlock', text: 'replayed model response', isSubtle: true, size: 'Small', wrap: true },
    ]);
  });

  it('makes actions Action.Execute buttons with the action id as verb and the value in data', () => {
    const body = elements({
      text: 't',
      blocks: [
        {
          type: 'actions',
          actions: [
            { id: 'draft.activate', label: 'Activate', value: 'd1', style: 'primary' },
            { id: 'draft.discard', label: 'Discard', value: 'd1', style: 'danger' },
            { id: 'draft.edit', label: 'Edit', value: 'd1' },
          ],
        },
      ],
    });
    expect(actionsOf(body)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Activate',
        verb: 'draft.activate',
        data: { value: 'd1' },
        associatedInputs: 'none',
        style: 'positive',
      },
      {
        type: 'Action.Execute',
        title: 'Discard',
        verb: 'draft.discard',
        data: { value: 'd1' },
        associatedInputs: 'none',
        style: 'destructive',
      },
      {
        type: 'Action.Execute',
        title: 'Edit',
        verb: 'draft.edit',
        data: { value: 'd1' },
        associatedInputs: 'none',
      },
    ]);
  });

  it('asks for the reject reason in the card: a required multiline input submitted only with Reject', () => {
    const body = elements(taskMessage(taskViewFor({ requireRejectComment: true })));
    const [reason] = ofType(body, 'Input.Text');
    expect(reason).toMatchObject({ id: 'prompt.1', label: 'Reason', isMultiline: true, isRequired: true });
    const [approve, reject] = actionsOf(body);
    expect(approve).toMatchObject({
      verb: 'task.approve',
      associatedInputs: 'none',
      data: { value: taskViewFor().id },
    });
    expect(reject).toMatchObject({
      verb: 'task.reject',
      associatedInputs: 'auto',
      data: { value: taskViewFor().id, prompt: 'prompt.1' },
    });
  });

  it('marks the reason optional when the approval does not require it', () => {
    const [reason] = ofType(
      elements(taskMessage(taskViewFor({ requireRejectComment: false }))),
      'Input.Text',
    );
    expect(reason).toMatchObject({ isRequired: false });
  });

  it('renders form inputs by type with a submit button', () => {
    const body = elements(
      taskMessage(
        taskViewFor({
          kind: 'form',
          mode: null,
          facts: [],
          fields: [
            { key: 'name', label: 'Name', type: 'text', required: true },
            { key: 'count', label: 'Count', type: 'number', required: false },
            { key: 'urgent', label: 'Urgent', type: 'boolean', required: false },
            { key: 'due', label: 'Due', type: 'date', required: false },
            { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'], required: true },
          ],
        }),
      ),
    );
    expect(body.filter((e) => e.type.startsWith('Input.')).map((e) => [e.type, e.id, e.isRequired])).toEqual([
      ['Input.Text', 'field.name', true],
      ['Input.Number', 'field.count', false],
      ['Input.Toggle', 'field.urgent', false],
      ['Input.Date', 'field.due', false],
      ['Input.ChoiceSet', 'field.tier', true],
    ]);
    expect(ofType(body, 'Input.ChoiceSet')[0]).toMatchObject({
      choices: [
        { title: 'gold', value: 'gold' },
        { title: 'silver', value: 'silver' },
      ],
    });
    expect(actionsOf(body)).toEqual([
      expect.objectContaining({ verb: 'task.submit', associatedInputs: 'auto' }),
    ]);
  });

  it('renders a textarea as a multiline text input with its initial value', () => {
    const body = elements({
      text: 't',
      blocks: [
        {
          type: 'inputs',
          inputs: [{ key: 'notes', label: 'Notes', type: 'textarea', required: false, initial: 'hello' }],
          submit: { id: 'run.start', label: 'Run', value: 'w1' },
        },
      ],
    });
    expect(body[0]).toEqual({
      type: 'Input.Text',
      id: 'field.notes',
      label: 'Notes',
      isRequired: false,
      isMultiline: true,
      value: 'hello',
    });
  });

  it('gives a closed task card no controls at all', () => {
    const closed = taskViewFor({
      status: 'closed',
      outcome: 'approved',
      closedBy: 'teams:user/ann',
      closedAt: '2025-03-01T10:00:00.000Z',
    });
    const body = elements(taskMessage(closed));
    expect(ofType(body, 'ActionSet')).toEqual([]);
    expect(body.some((e) => e.type.startsWith('Input.'))).toBe(false);
    expect(JSON.stringify(body)).toContain('Approved by ann (Teams)');
  });

  it('wraps the card in a message activity attachment', () => {
    const activity = cardActivity({ text: 'hi', blocks: [{ type: 'text', text: 'hi' }] });
    expect(activity.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: expect.objectContaining({ type: 'AdaptiveCard' }),
      },
    ]);
  });

  it('flattens a message to plain text for invoke message answers', () => {
    expect(
      plainText({
        text: 'fallback',
        blocks: [
          { type: 'heading', text: 'Not allowed' },
          { type: 'text', text: 'Only approvers may decide.' },
        ],
      }),
    ).toBe('Not allowed\nOnly approvers may decide.');
  });
});

describe('actionIncoming', () => {
  it('reads the verb, value, prompt answer and form fields Teams merges into data', () => {
    const activity = Activity.fromObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      replyToId: 'card-1',
      from: { id: '29:bob', aadObjectId: 'bob-aad' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:bob', conversationType: 'personal' },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'task.reject',
          data: { value: 'task-1', prompt: 'prompt.1', 'prompt.1': 'Too expensive', 'field.count': 3 },
        },
      },
    });
    expect(actionIncoming(activity, 'tenant-1')).toMatchObject({
      kind: 'action',
      actor: { tenantId: 'tenant-1', person: 'teams:user/bob-aad' },
      conversation: { platform: 'teams', channel: 'a:bob', thread: null, direct: true },
      actionId: 'task.reject',
      value: 'task-1',
      inputs: { comment: 'Too expensive', count: '3' },
      message: { platform: 'teams', address: { activityId: 'card-1' } },
    });
  });
});
