/**
 * Inline formatting shared by every sentence: code quotes, gists of long texts, lists and JSON
 * field names. Document texts pass through unchanged apart from whitespace folding.
 */
import type { Json } from '../../schema/common.js';
import type { Messages } from '../messages/catalogue.js';

const GIST_LENGTH = 80;
const EXCERPT_LENGTH = 120;

/** Source in code quotes, on one line; longer fences when the source holds a backtick. */
export function code(source: string): string {
  const folded = source.replace(/\s*\n\s*/g, ' ').trim();
  if (!folded.includes('`')) return `\`${folded}\``;
  return `\`\` ${folded} \`\``;
}

/** The first non-empty line of a text, cut at 80 characters with an ellipsis. */
export function gist(text: string): string {
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '');
  if (line === undefined) return '';
  const cut = line.length > GIST_LENGTH || line !== text.trim();
  return cut ? `${line.slice(0, GIST_LENGTH).trimEnd()}…` : line;
}

/** A message on one line, cut at 120 characters with an ellipsis. */
export function excerpt(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > EXCERPT_LENGTH ? `${folded.slice(0, EXCERPT_LENGTH).trimEnd()}…` : folded;
}

/** "a", "a and b", "a, b and c" in the catalogue's language. */
export function list(items: readonly string[], m: Messages): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${m.and} ${items[items.length - 1]}`;
}

/** Names of an object's fields in code quotes, or the whole value for other JSON. */
export function jsonFields(value: Json, m: Messages): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return list(Object.keys(value).map(code), m);
  }
  return code(JSON.stringify(value));
}

/** True for JSON objects that have at least one field. */
export function hasFields(value: Json | undefined): value is { [key: string]: Json } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value as object).length > 0
  );
}
