import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../engine/index.js';
import { TASK_ACTIONS, taskMessage } from './cards.js';

const base: TaskView = {
  id: 'task-1',
  tenantId: 't1',
  kind: 'approval',
  status: 'open',
  outcome: null,
  title: 'Approve invoice 42',
  message: 'Amount 1200 EUR',
  facts: [{ label: 'Vendor', value: 'ACME' }],
  fields: [],
  mode: 'any',
  quorum: null,
  assignees: ['email:ann@example.com'],
  designated: [{ reference: 'email:ann@example.com', viaGroup: null, delegatedTo: null }],
  decisions: [],
  submission: null,
  requireRejectComment: true,
  requester: 'email:bob@example.com',
  runId: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'Invoice approval',
  stepKey: 'approve#1',
  nodeId: 'approve',
  locale: 'en',
  createdAt: '2025-03-04T09:00:00.000Z',
  dueAt: null,
  closedAt: null,
  closedBy: null,
};

describe('taskMessage', () => {
  it('asks an open approval with approve and reject (reason required) buttons', () => {
    const message = taskMessage(base);
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'Approve invoice 42' });
    expect(message.blocks).toContainEqual({ type: 'text', text: 'Amount 1200 EUR' });
    expect(message.blocks).toContainEqual({ type: 'facts', facts: [{ label: 'Vendor', value: 'ACME' }] });
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      actions: [
        { id: TASK_ACTIONS.approve, label: 'Approve', value: 'task-1', style: 'primary' },
        {
          id: TASK_ACTIONS.reject,
          label: 'Reject',
          value: 'task-1',
          style: 'danger',
          prompt: { label: 'Reason', required: true },
        },
      ],
    });
  });

  it('renders an open form as inputs submitted by task.submit', () => {
    const form: TaskView = {
      ...base,
      kind: 'form',
      mode: null,
      facts: [],
      fields: [
        { key: 'size', label: 'Size', type: 'select', options: ['S', 'M'], required: true },
        { key: 'note', label: 'Note', type: 'text', required: false },
      ],
    };
    const inputs = taskMessage(form).blocks.find((b) => b.type === 'inputs');
    expect(inputs).toEqual({
      type: 'inputs',
      inputs: [
        { key: 'size', label: 'Size', type: 'select', options: ['S', 'M'], required: true },
        { key: 'note', label: 'Note', type: 'text', required: false },
      ],
      submit: { id: TASK_ACTIONS.submit, label: 'Submit', value: 'task-1', style: 'primary' },
    });
  });

  it('shows a closed task with its outcome and who decided, without controls', () => {
    const closed: TaskView = {
      ...base,
      status: 'closed',
      outcome: 'approved',
      closedBy: 'email:ann@example.com',
      closedAt: '2025-03-04T09:05:00.000Z',
      decisions: [
        {
          by: 'email:ann@example.com',
          onBehalfOf: null,
          decision: 'approve',
          comment: null,
          at: '2025-03-04T09:05:00.000Z',
          channel: 'web',
        },
      ],
    };
    const message = taskMessage(closed);
    expect(message.blocks.some((b) => b.type === 'actions' || b.type === 'inputs')).toBe(false);
    expect(message.blocks).toContainEqual({
      type: 'context',
      text: 'Approved by ann@example.com at 2025-03-04 09:05 UTC',
    });
    expect(message.text).toBe('Approve invoice 42: Approved by ann@example.com');
  });

  it('tells a viewer who already decided that the others are awaited', () => {
    const partial: TaskView = {
      ...base,
      mode: 'all',
      decisions: [
        {
          by: 'email:ann@example.com',
          onBehalfOf: null,
          decision: 'approve',
          comment: null,
          at: '2025-03-04T09:05:00.000Z',
          channel: 'web',
        },
      ],
    };
    const mine = taskMessage(partial, { viewer: 'email:ann@example.com' });
    expect(mine.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(
      taskMessage(partial, { viewer: 'email:cy@example.com' }).blocks.some((b) => b.type === 'actions'),
    ).toBe(true);
  });
});
