/**
 * What people approve must be complete: every step, every way out of a step, every external host
 * and every approver of every known-valid document appears in its description.
 */
import { expect, describe as group, it } from 'vitest';
import { readFixtures } from '../../test/fixtures.js';
import { parseReference } from '../reference.js';
import { edgesOf, referencesOf } from '../registry.js';
import { WorkflowDocument } from '../schema/document.js';
import type { Node } from '../schema/node.js';
import { DESCRIBE_LOCALES, describe } from './index.js';
import { loadDocument, TEST_DOCUMENTS } from './test-documents/documents.js';
import { allSteps } from './tree.js';
import type { DescribedStep, Description } from './types.js';

function fixtureDocuments(): [string, WorkflowDocument][] {
  return readFixtures('valid').map(({ file, content }) => [
    `fixtures/valid/${file}`,
    WorkflowDocument.parse(content),
  ]);
}

const DOCUMENTS: [string, WorkflowDocument][] = [
  ...TEST_DOCUMENTS.map((name): [string, WorkflowDocument] => [`test-documents/${name}`, loadDocument(name)]),
  ...fixtureDocuments(),
];

function flatten(steps: DescribedStep[]): DescribedStep[] {
  return steps.flatMap((step) => [step, ...step.groups.flatMap((g) => flatten(g.steps))]);
}

/** Everything said about one step, plus the warnings (which may name a step's dead targets). */
function sayings(step: DescribedStep, description: Description): string {
  return [
    step.summary,
    ...step.details,
    step.onward ?? '',
    ...description.warnings.map((w) => w.message),
  ].join('\n');
}

/** The part of a reference that must survive into words: a name, an address, an id. */
function identifier(reference: string): string {
  const parsed = parseReference(reference);
  if (parsed === null) return reference;
  switch (parsed.kind) {
    case 'requester':
      return 'the person who started the run';
    case 'email':
      return parsed.address;
    case 'group':
      return parsed.name;
    default:
      return parsed.id;
  }
}

function checkSteps(document: WorkflowDocument, description: Description) {
  const steps = new Map(flatten(description.steps).map((step) => [step.id, step]));
  for (const node of allSteps(document.nodes)) {
    const step = steps.get(node.id);
    expect(step, `step for ${node.id}`).toBeDefined();
    expect(description.text).toContain(`${step!.number}. ${step!.name} — `);
    for (const edge of edgesOf(node)) {
      const target = steps.get(edge.target);
      expect(target, `target ${edge.target} of ${node.id}`).toBeDefined();
      expect(sayings(step!, description), `${node.id} → ${edge.target}`).toContain(
        `step ${target!.number} (${target!.name})`,
      );
    }
  }
}

/** Hosts are checked with the WHATWG URL parser, independent of describe's own reading of URLs. */
function checkHosts(nodes: Node[], description: Description) {
  for (const node of allSteps(nodes)) {
    if (node.type !== 'http') continue;
    const host = new URL(node.url.replace(/\{\{[\s\S]*?\}\}/g, 'zzhole')).host;
    if (host.includes('zzhole')) {
      expect(description.computedHosts.length, node.id).toBeGreaterThan(0);
    } else {
      expect(description.hosts).toContain(host);
      expect(description.text).toContain(host);
    }
  }
}

function checkPeople(nodes: Node[], description: Description) {
  const people = description.people.map((p) => p.reference);
  for (const node of allSteps(nodes)) {
    for (const site of referencesOf(node)) expect(people).toContain(site.reference);
    if (node.type !== 'approval') continue;
    const step = flatten(description.steps).find((s) => s.id === node.id)!;
    for (const reference of [...node.approvers, ...(node.escalateTo ?? [])]) {
      expect(sayings(step, description), `${node.id}: ${reference}`).toContain(identifier(reference));
    }
  }
}

group.each(DOCUMENTS)('describe is complete for %s', (_name, document) => {
  const description = describe(document, { locale: 'en' });

  it('has a numbered step for every node and mentions every edge target', () => {
    checkSteps(document, description);
  });

  it('names every external host', () => {
    checkHosts(document.nodes, description);
  });

  it('names every approver and every person or place', () => {
    checkPeople(document.nodes, description);
  });

  it('renders every step in every locale', () => {
    for (const locale of DESCRIBE_LOCALES) {
      const localized = describe(document, { locale });
      expect(localized.locale).toBe(locale);
      for (const step of flatten(localized.steps))
        expect(localized.text).toContain(`${step.number}. ${step.name}`);
    }
  });
});

it('checks the fixtures when there are any', () => {
  expect(DOCUMENTS.length).toBeGreaterThanOrEqual(TEST_DOCUMENTS.length);
});
