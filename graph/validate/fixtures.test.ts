/**
 * The fixture corpora: every document in `graph/fixtures/invalid/` yields exactly the problems it
 * lists, and every document in `graph/fixtures/valid/` yields none.
 */
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../test/fixtures.js';
import { PROBLEM_CODES } from './codes.js';
import { validate } from './index.js';

interface Expected {
  code: string;
  pointer: string;
}

interface InvalidFixture {
  description: string;
  document: unknown;
  errors: Expected[];
  warnings?: Expected[];
}

/** Sorted `code pointer` pairs: the set the fixture asserts. */
function pairs(problems: readonly Expected[]): string[] {
  return problems.map((p) => `${p.code} ${p.pointer}`).sort();
}

const invalid = readFixtures<InvalidFixture>('invalid');
const valid = readFixtures('valid');

describe('invalid fixtures', () => {
  it('has at least 40 documents, each described and naming only known codes', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
    for (const { file, content } of invalid) {
      expect(content.description, file).toMatch(/\w/);
      for (const problem of [...content.errors, ...(content.warnings ?? [])]) {
        expect(Object.keys(PROBLEM_CODES), `${file}: ${problem.code}`).toContain(problem.code);
      }
    }
  });

  it.each(invalid)('$file', ({ content }) => {
    const result = validate(content.document);
    expect(pairs(result.errors)).toEqual(pairs(content.errors));
    if (content.warnings !== undefined) expect(pairs(result.warnings)).toEqual(pairs(content.warnings));
    expect(result.ok).toBe(content.errors.length === 0);
    expect(result.document === undefined).toBe(content.errors.length > 0);
  });
});

describe('valid fixtures', () => {
  it('has at least 25 documents', () => {
    expect(valid.length).toBeGreaterThanOrEqual(25);
  });

  it.each(valid)('$file has no errors and no warnings', ({ content }) => {
    const result = validate(content);
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: [], warnings: [] });
    expect(result.ok).toBe(true);
    expect(result.document).toBeDefined();
  });
});
