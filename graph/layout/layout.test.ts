import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../test/fixtures.js';
import { documentOf, loadDocument, TEST_DOCUMENTS } from '../describe/test-documents/documents.js';
import { edgesOf, graphsOf } from '../registry.js';
import { WorkflowDocument } from '../schema/document.js';
import type { Node } from '../schema/node.js';
import { type Layout, type LayoutNode, layout, TRIGGER_ID } from './index.js';

function fixtureDocuments(): [string, WorkflowDocument][] {
  return readFixtures('valid').map(({ file, content }) => [file, WorkflowDocument.parse(content)]);
}

const DOCUMENTS: [string, WorkflowDocument][] = [
  ...TEST_DOCUMENTS.map((name): [string, WorkflowDocument] => [name, loadDocument(name)]),
  ...fixtureDocuments(),
];

function allSteps(nodes: Node[]): Node[] {
  return nodes.flatMap((node) => [node, ...graphsOf(node).flatMap((g) => allSteps(g.nodes as Node[]))]);
}

function inside(child: LayoutNode, parent: LayoutNode): boolean {
  return (
    child.x >= parent.x &&
    child.y >= parent.y &&
    child.x + child.width <= parent.x + parent.width &&
    child.y + child.height <= parent.y + parent.height
  );
}

function overlap(a: LayoutNode, b: LayoutNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The invariants every drawing keeps. */
function checkLayout(document: WorkflowDocument, result: Layout) {
  const boxes = new Map(result.nodes.map((n) => [n.id, n]));
  expect(boxes.size).toBe(result.nodes.length);
  for (const node of allSteps(document.nodes)) expect(boxes.has(node.id), node.id).toBe(true);
  expect(boxes.get(TRIGGER_ID)?.type).toBe('trigger');
  for (const box of result.nodes) {
    for (const n of [box.x, box.y, box.width, box.height]) expect(Number.isFinite(n)).toBe(true);
    expect(box.width).toBeGreaterThan(0);
    expect(inside(box, { ...box, x: 0, y: 0, width: result.width, height: result.height })).toBe(true);
    if (box.parent !== undefined)
      expect(inside(box, boxes.get(box.parent)!), `${box.id} in ${box.parent}`).toBe(true);
  }
  for (const a of result.nodes) {
    for (const b of result.nodes) {
      if (a.id < b.id && a.parent === b.parent) expect(overlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
  for (const edge of result.edges) {
    expect(boxes.has(edge.source) && boxes.has(edge.target), edge.id).toBe(true);
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
  }
  const drawn = new Set(result.edges.map((e) => `${e.source} ${e.kind} ${e.target}`));
  for (const node of allSteps(document.nodes)) {
    for (const e of edgesOf(node))
      expect(drawn.has(`${node.id} ${e.label} ${e.target}`), e.pointer).toBe(true);
  }
}

describe.each(DOCUMENTS)('layout of %s', (_name, document) => {
  it('positions every step inside its group, without overlaps, with every edge', async () => {
    checkLayout(document, await layout(document));
  });
});

describe('layout', () => {
  it('is deterministic', async () => {
    const document = loadDocument('onboarding');
    expect(await layout(document)).toEqual(await layout(document));
  });

  it('draws a parallel step as a group of branch groups, and a loop as a group of its body', async () => {
    const result = await layout(loadDocument('onboarding'));
    const parents = Object.fromEntries(result.nodes.map((n) => [n.id, n.parent ?? null]));
    expect(parents).toEqual({
      '@trigger': null,
      collect_details: null,
      prepare: null,
      'prepare@branch-1': 'prepare',
      create_account: 'prepare@branch-1',
      notify_it: 'prepare@branch-1',
      'prepare@branch-2': 'prepare',
      save_hire: 'prepare@branch-2',
      each_item: null,
      price: 'each_item',
      order: 'each_item',
      welcome: null,
      finish: null,
    });
    const branches = result.nodes.filter((n) => n.type === 'branch');
    expect(branches.map((b) => b.label)).toEqual(['IT', 'Branch 2']);
    expect(branches[0]!.x).toBeLessThan(branches[1]!.x);
  });

  it('starts at the trigger and labels edges by their meaning', async () => {
    const result = await layout(loadDocument('invoice-approval'));
    expect(result.nodes[0]).toMatchObject({ id: '@trigger', type: 'trigger', label: 'webhook' });
    const edges = result.edges.map((e) => [e.id, e.source, e.target, e.label]);
    expect(edges).toEqual([
      ['@trigger/start', '@trigger', 'check_amount', ''],
      ['check_amount/cases/0/next', 'check_amount', 'ask_finance', 'case 1'],
      ['check_amount/cases/1/next', 'check_amount', 'tell_requester', 'case 2'],
      ['check_amount/default', 'check_amount', 'pay', 'default'],
      ['ask_finance/next/approved', 'ask_finance', 'pay', 'approved'],
      ['ask_finance/next/rejected', 'ask_finance', 'tell_requester', 'rejected'],
      ['pay/next', 'pay', 'email_vendor', ''],
      ['pay/onError', 'pay', 'payment_failed', 'on error'],
      ['email_vendor/next', 'email_vendor', 'done', ''],
      ['tell_requester/next', 'tell_requester', 'rejected_end', ''],
    ]);
    for (const edge of result.edges.filter((e) => e.label !== '')) expect(edge.labelPosition).toBeDefined();
  });

  it('labels a wait timeout and names a schedule trigger', async () => {
    const result = await layout(loadDocument('weekly-report'));
    expect(result.nodes[0]?.label).toBe('schedule: 30 8 * * 1 (Europe/Paris)');
    expect(result.edges.find((e) => e.id === 'wait_paid/onTimeout')).toMatchObject({
      source: 'wait_paid',
      target: 'give_up',
      kind: 'on timeout',
      label: 'on timeout',
    });
  });

  it('draws cycles', async () => {
    const document = documentOf([
      {
        id: 'ask',
        type: 'approval',
        approvers: ['requester'],
        title: 'T',
        message: 'M',
        next: { approved: 'done', rejected: 'fix' },
      },
      {
        id: 'fix',
        type: 'form',
        assignees: ['requester'],
        title: 'F',
        message: 'M',
        fields: [{ key: 'a', label: 'A', type: 'text' }],
        next: 'ask',
      },
      { id: 'done', type: 'end' },
    ]);
    const result = await layout(document);
    checkLayout(document, result);
    expect(result.edges.map((e) => e.id)).toContain('fix/next');
  });

  it('returns plain JSON', async () => {
    const result = await layout(loadDocument('contract-review'));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
