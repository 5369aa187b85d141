/**
 * How messages name places and values. Every message names the place (`nodes/3 (id "ask")
 * field "next.approved"`) so that it stands alone in a list given to a person or an LLM.
 */
import type { DocumentModel, NodeEntry } from './model.js';

/** `nodes/3 (id "ask_finance")`: how messages name a node. */
export function nodeLabel(entry: NodeEntry): string {
  const where = entry.pointer.slice(1);
  return entry.id === undefined ? where : `${where} (id "${entry.id}")`;
}

/** The node a pointer lies in (the innermost), with the rest of the pointer as segments. */
export function locate(model: DocumentModel, pointer: string): { node?: NodeEntry; rest: string[] } {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  for (let end = segments.length; end > 0; end--) {
    const node = model.byPointer.get(`/${segments.slice(0, end).join('/')}`);
    if (node !== undefined) return { node, rest: segments.slice(end).map(unescapeSegment) };
  }
  return { rest: segments.map(unescapeSegment) };
}

/** A dotted field path: `["fields", "1", "key"]` → `fields[1].key`. */
export function fieldPath(segments: readonly string[]): string {
  let path = '';
  for (const part of segments) {
    if (/^(0|[1-9][0-9]*)$/.test(part) && path !== '') path += `[${part}]`;
    else path += path === '' ? part : `.${part}`;
  }
  return path;
}

/** `nodes/3 (id "ask") field "next.approved"`, `nodes/3 (id "ask")`, `field "trigger.cron"`, `the document`. */
export function placeOf(model: DocumentModel, pointer: string): string {
  const { node, rest } = locate(model, pointer);
  if (node !== undefined) {
    return rest.length === 0 ? nodeLabel(node) : `${nodeLabel(node)} field "${fieldPath(rest)}"`;
  }
  if (rest.length === 0) return 'the document';
  if (rest.length === 1 && rest[0] === 'trigger') return 'the trigger';
  if (rest.at(-2) === 'nodes' && /^\d+$/.test(rest.at(-1)!)) return pointer.slice(1);
  return `field "${fieldPath(rest)}"`;
}

/** A short description of a JSON value for messages: `the string "abc"`, `a list`, … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${quoteText(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A string in double quotes, shortened to stay readable. */
export function quoteText(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return JSON.stringify(short);
}

/** `"a", "b" and "c"` */
export function listOf(names: readonly string[], conjunction = 'and'): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted.at(-1)}`;
}

/** "1 item", "2 items" */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function unescapeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
