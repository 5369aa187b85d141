import { describe, expect, it } from 'vitest';
import { loadDocument, TEST_DOCUMENTS } from '../describe/test-documents/documents.js';
import { WorkflowDocument } from '../schema/document.js';
import { diff, hasChanges, summarizeDiff } from './index.js';

/** A parsed copy of a document after an edit of its JSON. */
// biome-ignore lint/suspicious/noExplicitAny: edits treat the document as free JSON, even changing a step's type.
function edited(document: WorkflowDocument, edit: (json: any) => void): WorkflowDocument {
  const json = structuredClone(document);
  edit(json);
  return WorkflowDocument.parse(json);
}

const invoice = loadDocument('invoice-approval');
const onboarding = loadDocument('onboarding');

describe('diff: no change', () => {
  it.each(TEST_DOCUMENTS)('finds nothing between %s and itself', (name) => {
    const d = diff(loadDocument(name), loadDocument(name));
    expect(d).toEqual({ document: [], trigger: [], added: [], removed: [], changed: [], moved: [] });
    expect(hasChanges(d)).toBe(false);
    expect(summarizeDiff(d)).toEqual(['No changes']);
  });

  it('ignores the order of keys', () => {
    const shuffled = edited(invoice, (json) => {
      json.nodes[1] = Object.fromEntries(Object.entries(json.nodes[1]).reverse());
    });
    expect(hasChanges(diff(invoice, shuffled))).toBe(false);
  });
});

describe('diff: steps', () => {
  it('reports an added step where it now is', () => {
    const after = edited(invoice, (json) => {
      json.nodes.push({
        id: 'notify',
        type: 'chat',
        name: 'Notify #finance',
        to: 'slack:channel/C1',
        text: 'Hi',
      });
      json.nodes[7].next = 'notify';
    });
    const d = diff(invoice, after);
    expect(d.added).toEqual([
      {
        id: 'notify',
        type: 'chat',
        name: 'Notify #finance',
        location: { parent: null, parentName: null, graph: '/nodes', index: 8, pointer: '/nodes/8' },
      },
    ]);
    expect(d.changed).toEqual([
      {
        id: 'payment_failed',
        type: 'chat',
        name: 'Alert #finance',
        changes: [{ pointer: '/next', after: 'notify' }],
      },
    ]);
    expect(d.moved).toEqual([]);
    expect(summarizeDiff(d)).toEqual([
      'Added step "Notify #finance" (chat)',
      'Changed "Alert #finance": next (none) → notify',
    ]);
  });

  it('reports a removed step', () => {
    const after = edited(onboarding, (json) => {
      json.nodes[1].branches[0].nodes.pop();
      delete json.nodes[1].branches[0].nodes[0].next;
    });
    const d = diff(onboarding, after);
    expect(d.removed).toEqual([
      {
        id: 'notify_it',
        type: 'chat',
        name: 'notify_it',
        location: {
          parent: 'prepare',
          parentName: 'Prepare accounts',
          graph: '/branches/0/nodes',
          index: 1,
          pointer: '/nodes/1/branches/0/nodes/1',
        },
      },
    ]);
    expect(d.changed).toEqual([
      {
        id: 'create_account',
        type: 'http',
        name: 'create_account',
        changes: [{ pointer: '/next', before: 'notify_it' }],
      },
    ]);
    expect(summarizeDiff(d)).toEqual([
      'Removed step "notify_it" (chat)',
      'Changed "create_account": next notify_it → (none)',
    ]);
  });

  it('lists changed fields by pointer, with lists of plain values as a whole', () => {
    const after = edited(invoice, (json) => {
      json.nodes[1].timeout = '2d';
      json.nodes[1].approvers.push('email:cfo@example.com');
      json.nodes[1].fields[0].label = 'Total';
      delete json.nodes[1].reminders;
    });
    expect(diff(invoice, after).changed).toEqual([
      {
        id: 'ask_finance',
        type: 'approval',
        name: 'Finance approval',
        changes: [
          {
            pointer: '/approvers',
            before: ['group:finance', 'email:controller@example.com'],
            after: ['group:finance', 'email:controller@example.com', 'email:cfo@example.com'],
          },
          { pointer: '/fields/0/label', before: 'Amount', after: 'Total' },
          { pointer: '/reminders', before: { every: '1d', max: 2 } },
          { pointer: '/timeout', before: '3d', after: '2d' },
        ],
      },
    ]);
    expect(summarizeDiff(diff(invoice, after))).toEqual([
      'Changed "Finance approval": approvers group:finance, email:controller@example.com → group:finance, email:controller@example.com, email:cfo@example.com; fields.0.label Amount → Total; reminders {"every":"1d","max":2} → (none); timeout 3d → 2d',
    ]);
  });

  it('compares a nested step on its own and a parallel step without its branches', () => {
    const after = edited(onboarding, (json) => {
      json.nodes[2].nodes[0].set.price = 'thing.price';
      json.nodes[1].branches[1].name = 'Records';
      json.nodes[1].branches[1].nodes[0].op = 'upsert';
    });
    expect(diff(onboarding, after).changed).toEqual([
      {
        id: 'prepare',
        type: 'parallel',
        name: 'Prepare accounts',
        changes: [{ pointer: '/branches/1/name', after: 'Records' }],
      },
      {
        id: 'save_hire',
        type: 'record',
        name: 'save_hire',
        changes: [{ pointer: '/op', before: 'create', after: 'upsert' }],
      },
      {
        id: 'price',
        type: 'transform',
        name: 'price',
        changes: [{ pointer: '/set/price', before: 'thing.price * 1.2', after: 'thing.price' }],
      },
    ]);
  });

  it('reports a changed type as a field', () => {
    const after = edited(invoice, (json) => {
      json.nodes[6] = { id: 'rejected_end', type: 'chat', name: 'Rejected', to: 'requester', text: 'No' };
    });
    expect(diff(invoice, after).changed[0]?.changes).toEqual([
      { pointer: '/status', before: 'failed' },
      { pointer: '/text', after: 'No' },
      { pointer: '/to', after: 'requester' },
      { pointer: '/type', before: 'end', after: 'chat' },
    ]);
  });
});

describe('diff: moves', () => {
  it('reports a step moved into another graph', () => {
    const after = edited(onboarding, (json) => {
      const [welcome] = json.nodes.splice(3, 1);
      delete welcome.next;
      json.nodes[1].branches[1].nodes.push(welcome);
      json.nodes[1].branches[1].nodes[0].next = 'welcome';
      json.nodes[2].next = 'finish';
    });
    const d = diff(onboarding, after);
    expect(d.moved).toEqual([
      {
        id: 'welcome',
        type: 'llm',
        name: 'Write a welcome',
        from: { parent: null, parentName: null, graph: '/nodes', index: 3, pointer: '/nodes/3' },
        to: {
          parent: 'prepare',
          parentName: 'Prepare accounts',
          graph: '/branches/1/nodes',
          index: 1,
          pointer: '/nodes/1/branches/1/nodes/1',
        },
      },
    ]);
    expect(summarizeDiff(d)).toContain(
      'Moved "Write a welcome" to position 2 of branch 2 of "Prepare accounts"',
    );
  });

  it('reports only the steps out of order when steps are swapped', () => {
    const after = edited(invoice, (json) => {
      const [pay] = json.nodes.splice(2, 1);
      json.nodes.splice(4, 0, pay);
    });
    const d = diff(invoice, after);
    expect(d.moved.map((m) => [m.id, m.from.index, m.to.index])).toEqual([['pay', 2, 4]]);
    expect(d.changed).toEqual([]);
    expect(summarizeDiff(d)).toEqual(['Moved "Pay invoice" to position 5 of the top level']);
  });

  it('does not count shifted positions as moves', () => {
    const after = edited(invoice, (json) => {
      json.nodes.splice(1, 0, { id: 'log', type: 'transform', set: { seen: 'true' } });
    });
    const d = diff(invoice, after);
    expect(d.added.map((s) => s.id)).toEqual(['log']);
    expect(d.moved).toEqual([]);
  });

  it('reports a step moved to a new start of the graph', () => {
    const after = edited(invoice, (json) => {
      const [done] = json.nodes.splice(4, 1);
      json.nodes.unshift(done);
    });
    expect(diff(invoice, after).moved.map((m) => m.id)).toEqual(['done']);
  });

  it('names a loop body as the place of a move', () => {
    const after = edited(onboarding, (json) => {
      json.nodes[2].nodes.reverse();
    });
    expect(summarizeDiff(diff(onboarding, after))).toEqual([
      'Moved "price" to position 2 of the body of "Order equipment"',
    ]);
  });
});

describe('diff: trigger and document fields', () => {
  it('reports a changed trigger field', () => {
    const weekly = loadDocument('weekly-report');
    const after = edited(weekly, (json) => {
      json.trigger.cron = '0 9 * * 1';
    });
    const d = diff(weekly, after);
    expect(d.trigger).toEqual([{ pointer: '/trigger/cron', before: '30 8 * * 1', after: '0 9 * * 1' }]);
    expect(summarizeDiff(d)).toEqual(['Changed the trigger: cron 30 8 * * 1 → 0 9 * * 1']);
  });

  it('reports a trigger of another type as a whole', () => {
    const after = edited(invoice, (json) => {
      json.trigger = { type: 'event', event: 'invoice.created' };
    });
    const d = diff(invoice, after);
    expect(d.trigger).toEqual([
      {
        pointer: '/trigger',
        before: { type: 'webhook' },
        after: { type: 'event', event: 'invoice.created' },
      },
    ]);
    expect(summarizeDiff(d)).toEqual([
      'Changed the trigger: {"type":"webhook"} → {"type":"event","event":"invoice.created"}',
    ]);
  });

  it('reports name, description and locale', () => {
    const after = edited(invoice, (json) => {
      json.name = 'Invoice approval v2';
      delete json.description;
      json.locale = 'en-GB';
    });
    expect(diff(invoice, after).document).toEqual([
      { pointer: '/description', before: 'Large invoices need finance approval before payment.' },
      { pointer: '/locale', before: 'en', after: 'en-GB' },
      { pointer: '/name', before: 'Invoice approval', after: 'Invoice approval v2' },
    ]);
    expect(summarizeDiff(diff(invoice, after))[0]).toBe(
      'Changed the workflow: description Large invoices need finance approval before payment. → (none); locale en → en-GB; name Invoice approval → Invoice approval v2',
    );
  });
});

describe('summarizeDiff', () => {
  const after = edited(invoice, (json) => {
    json.nodes[1].timeout = '2d';
    json.nodes.push({
      id: 'notify',
      type: 'chat',
      name: 'Notify #finance',
      to: 'slack:channel/C1',
      text: 'Hi',
    });
  });

  it('speaks French and German', () => {
    expect(summarizeDiff(diff(invoice, after), { locale: 'fr' })).toEqual([
      'Étape ajoutée : « Notify #finance » (chat)',
      'Étape modifiée « Finance approval » : timeout 3d → 2d',
    ]);
    expect(summarizeDiff(diff(invoice, after), { locale: 'de-CH' })).toEqual([
      'Schritt hinzugefügt: „Notify #finance“ (chat)',
      'Schritt geändert: „Finance approval“: timeout 3d → 2d',
    ]);
  });

  it('falls back to English', () => {
    expect(summarizeDiff(diff(invoice, invoice), { locale: 'ja' })).toEqual(['No changes']);
  });

  it('shortens long values', () => {
    const long = edited(invoice, (json) => {
      json.nodes[1].message = `${'word '.repeat(30)}end`;
    });
    const [line] = summarizeDiff(diff(invoice, long));
    expect(line).toBe(
      `Changed "Finance approval": message Invoice {{ trigger.number }} from {{ trigger.vendor }} for {… → ${'word '.repeat(12).trim()}…`,
    );
  });

  it('is deterministic', () => {
    expect(diff(invoice, after)).toEqual(diff(invoice, after));
    expect(summarizeDiff(diff(invoice, after))).toEqual(summarizeDiff(diff(invoice, after)));
  });
});
