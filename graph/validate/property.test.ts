/**
 * Whatever the input, `validate` returns a well-formed result and never throws: arbitrary JSON,
 * and valid documents damaged by random edits (values replaced, fields removed or added, nodes
 * copied), which is what a model repairing a document produces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../test/fixtures.js';
import { PROBLEM_CODES, type ProblemCode } from './codes.js';
import { type ValidationResult, validate } from './index.js';
import { comparePointers } from './problems.js';

const seeds: unknown[] = [
  ...readFixtures('valid').map((fixture) => fixture.content),
  ...readFixtures<{ document: unknown }>('invalid').map((fixture) => fixture.content.document),
];

function expectWellFormed(result: ValidationResult): void {
  expect(result.ok).toBe(result.errors.length === 0);
  expect(result.document !== undefined).toBe(result.ok);
  for (const [list, severity] of [
    [result.errors, 'error'],
    [result.warnings, 'warning'],
  ] as const) {
    const keys = new Set<string>();
    list.forEach((problem, i) => {
      expect(Object.hasOwn(PROBLEM_CODES, problem.code)).toBe(true);
      expect(problem.severity).toBe(severity);
      expect(PROBLEM_CODES[problem.code as ProblemCode].severity).toBe(severity);
      expect(problem.pointer === '' || problem.pointer.startsWith('/')).toBe(true);
      expect(problem.message.length).toBeGreaterThan(10);
      const key = `${problem.code} ${problem.pointer}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      if (i > 0) expect(comparePointers(list[i - 1]!.pointer, problem.pointer)).toBeLessThanOrEqual(0);
    });
  }
  expect(result.errors.some((p) => p.code === 'validator.internal')).toBe(false);
}

/** Strings that trip naive code: prototype names, ids, references, templates, expressions. */
const tricky = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  'next',
  'nodes',
  'type',
  'approval',
  'parallel',
  'loop',
  'end',
  'pay',
  'ask_finance',
  'group:finance',
  'slack:channel/C1',
  '{{ steps.pay.body }}',
  '{{',
  'trigger.amount > 5',
  'items.constructor(x, 1)',
  'error.message',
  '0 9 * * 1-5',
  'Europe/Paris',
  '3d',
  'javascript:alert(1)',
);

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: tricky },
  { weight: 1, arbitrary: fc.dictionary(tricky, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
);

type Path = Array<string | number>;

/** Every path to a value inside `value`, parents before children. */
function pathsOf(value: unknown, path: Path = [], into: Path[] = []): Path[] {
  into.push(path);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) pathsOf(item, [...path, i], into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], into);
  }
  return into;
}

function parentOf(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path.slice(0, -1)) value = (value as Record<string | number, unknown>)[key];
  return value;
}

interface Edit {
  kind: 'set' | 'delete' | 'add' | 'copy';
  at: number;
  value: unknown;
  key: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('set', 'delete', 'add', 'copy'),
  at: fc.nat(),
  value: jsonish,
  key: fc.oneof(tricky, fc.string({ maxLength: 8 })),
});

function applyEdit(root: { value: unknown }, change: Edit): void {
  const paths = pathsOf(root.value);
  const path = paths[change.at % paths.length]!;
  if (path.length === 0) {
    if (change.kind === 'set') root.value = change.value;
    return;
  }
  const parent = parentOf(root.value, path) as Record<string | number, unknown> | unknown[];
  const key = path.at(-1)!;
  switch (change.kind) {
    case 'set':
      (parent as Record<string | number, unknown>)[key] = change.value;
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'add': {
      const target = (parent as Record<string | number, unknown>)[key];
      if (Array.isArray(target)) target.push(change.value);
      else if (typeof target === 'object' && target !== null) {
        Object.defineProperty(target, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return;
    }
    case 'copy':
      // A node or value copied next to itself: duplicate ids, repeated cases, …
      if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
      return;
  }
}

describe('validate on any input', () => {
  it('returns a well-formed result for arbitrary JSON', () => {
    fc.assert(
      fc.property(jsonish, (input) => {
        expectWellFormed(validate(input));
      }),
      { numRuns: 500 },
    );
  });

  it('returns a well-formed result for damaged valid documents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        (seed, edits) => {
          const root = { value: structuredClone(seed) };
          for (const change of edits) applyEdit(root, change);
          expectWellFormed(validate(root.value));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('survives inputs that are not JSON: cycles, deep nesting, odd prototypes', () => {
    const cyclic: Record<string, unknown> = { schema: 'switchboard/workflow@1', nodes: [] };
    (cyclic.nodes as unknown[]).push({ id: 'a', type: 'loop', items: 'trigger.x', nodes: cyclic.nodes });
    let deep: unknown = [{ id: 'leaf', type: 'end' }];
    for (let i = 0; i < 200; i++)
      deep = [{ id: `p${i}`, type: 'parallel', branches: [{ nodes: deep }, { nodes: deep }] }];
    for (const input of [
      cyclic,
      { nodes: deep },
      Object.create(null),
      new Date(0),
      () => 1,
      Symbol('x'),
      10n,
      undefined,
      Number.NaN,
    ]) {
      expectWellFormed(validate(input));
    }
  });
});
