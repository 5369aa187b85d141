import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The workflow document corpora of graph/fixtures. */
export type FixtureCorpus = 'valid' | 'invalid';

/**
 * Every JSON file of `graph/fixtures/<corpus>/`, parsed, in file-name order. Valid fixtures are
 * workflow documents; invalid ones are `{ description, document, errors, warnings? }`.
 */
export function readFixtures<T = unknown>(corpus: FixtureCorpus): Array<{ file: string; content: T }> {
  const dir = fileURLToPath(new URL(`../graph/fixtures/${corpus}/`, import.meta.url));
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, content: JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as T }));
}
