/**
 * Example workflows shown to the model: the few most relevant to the description, by simple
 * keyword overlap (deterministic: same description and library, same picks).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphsOf, type Node, validate, type WorkflowDocument } from '../graph/index.js';

/** Default number of examples shown. */
export const DEFAULT_TEMPLATE_COUNT = 2;

// Words that say nothing about which workflow is meant.
const STOP_WORDS = new Set(
  'the and for with from that this when then else into onto than them they their there what which who whom will would should could have has had are was were been being not but all any each per via our your you its his her out over under also only just very more most less such some via les des une und der die das ein eine'.split(
    ' ',
  ),
);

/** Lower-case words of three or more letters, without stop words. */
export function keywordsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/\p{L}[\p{L}\p{N}]{2,}/gu) ?? [];
  return new Set(words.filter((word) => !STOP_WORDS.has(word)).map(stem));
}

/** A crude stem so that "invoices"/"invoice" and "approval"/"approve" meet. */
function stem(word: string): string {
  return word.replace(/(ies|es|s|al|ed|ing)$/u, '').slice(0, 8);
}

/** The words a template is known by: name, description, trigger, step types and names. */
function templateKeywords(document: WorkflowDocument): Set<string> {
  const parts = [document.name, document.description ?? '', document.trigger.type];
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      parts.push(node.type, node.name ?? '', node.id.replaceAll('_', ' '));
      for (const graph of graphsOf(node)) visit(graph.nodes as Node[]);
    }
  };
  visit(document.nodes);
  return keywordsOf(parts.join(' '));
}

/** The `count` templates sharing most keywords with the text (ties: by name); none share nothing. */
export function selectTemplates(
  text: string,
  library: readonly WorkflowDocument[],
  count: number = DEFAULT_TEMPLATE_COUNT,
): WorkflowDocument[] {
  const wanted = keywordsOf(text);
  return library
    .map((document) => ({ document, score: overlap(wanted, templateKeywords(document)) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.document.name.localeCompare(b.document.name))
    .slice(0, count)
    .map((entry) => entry.document);
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared;
}

const libraries = new Map<string, WorkflowDocument[]>();

/**
 * The valid workflow documents in a folder of JSON files (default: `graph/`'s fixture corpus of
 * realistic workflows), read once per process. Invalid files are skipped: examples must be valid.
 */
export function loadTemplateLibrary(folder: string = defaultLibraryFolder()): WorkflowDocument[] {
  const cached = libraries.get(folder);
  if (cached !== undefined) return cached;
  const documents = readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const result = validate(JSON.parse(readFileSync(join(folder, file), 'utf8')));
      return result.document === undefined ? [] : [result.document];
    });
  libraries.set(folder, documents);
  return documents;
}

function defaultLibraryFolder(): string {
  const checkout = fileURLToPath(new URL('../graph/fixtures/valid', import.meta.url));
  if (existsSync(checkout)) return checkout;
  return fileURLToPath(new URL('../../graph/fixtures/valid', import.meta.url));
}
