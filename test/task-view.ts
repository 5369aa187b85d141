import type { TaskView } from '../engine/index.js';

/** An open approval task, as `TaskService.getTask` returns it, with `overrides` applied. */
export function taskViewFor(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: '7d4c2d36-5a43-4f0e-9d1e-7b2d8c1e0a01',
    tenantId: '00000000-0000-0000-0000-000000000001',
    kind: 'approval',
    status: 'open',
    outcome: null,
    title: 'Approve invoice INV-7',
    message: 'Acme Supplies asks for payment of invoice INV-7.',
    facts: [
      { label: 'Amount', value: '1,200.00 EUR' },
      { label: 'Vendor', value: 'Acme Supplies' },
    ],
    fields: [],
    mode: 'any',
    quorum: null,
    assignees: ['email:ann@example.com'],
    designated: [{ reference: 'email:ann@example.com', viaGroup: null, delegatedTo: null }],
    decisions: [],
    submission: null,
    requireRejectComment: true,
    requester: null,
    runId: '5f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
    workflowId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    workflowName: 'Invoice approval',
    stepKey: 'approve#1',
    nodeId: 'approve',
    locale: 'en',
    createdAt: '2025-03-01T09:00:00.000Z',
    dueAt: null,
    closedAt: null,
    closedBy: null,
    ...overrides,
  };
}
