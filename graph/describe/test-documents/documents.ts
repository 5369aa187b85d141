/** Test support: hand-written documents, parsed by the schema so tests only ever see valid shapes. */
import { readFileSync } from 'node:fs';
import { WorkflowDocument } from '../../schema/document.js';

/** A document with the given top-level nodes (and trigger, default webhook). */
export function documentOf(
  nodes: unknown[],
  trigger: unknown = { type: 'webhook' },
  fields: Record<string, unknown> = {},
): WorkflowDocument {
  return WorkflowDocument.parse({
    schema: 'switchboard/workflow@1',
    name: 'Test workflow',
    locale: 'en',
    trigger,
    nodes,
    ...fields,
  });
}

/** One of the JSON documents beside this file, by name without `.json`. */
export function loadDocument(name: string): WorkflowDocument {
  const url = new URL(`./${name}.json`, import.meta.url);
  return WorkflowDocument.parse(JSON.parse(readFileSync(url, 'utf8')));
}

export const TEST_DOCUMENTS = ['invoice-approval', 'onboarding', 'weekly-report', 'contract-review'] as const;
