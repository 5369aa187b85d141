import { type ProblemCode, type Severity, severityOf } from './codes.js';

/** One thing wrong with a document. */
export interface Problem {
  /** Stable code from `codes.ts`, e.g. `edge.unknown_target`. */
  code: ProblemCode;
  /** JSON Pointer (RFC 6901) of the offending field; `""` is the whole document. */
  pointer: string;
  /** What is wrong and what to change, for a person or an LLM repairing the document. */
  message: string;
  severity: Severity;
}

/** Receives problems as checks find them. */
export type Report = (code: ProblemCode, pointer: string, message: string) => void;

/**
 * Codes whose check covers what the schema says about the same field (an edge to a missing node
 * is also a malformed id; an empty graph is also a too-short list; a bad cron is also a
 * too-short string): when both flag a field, only the specific problem is kept, as it says more.
 */
const SUPERSEDES_SCHEMA: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'edge.unknown_target',
  'edge.cross_graph',
  'graph.empty',
  'cron.invalid',
  'timezone.invalid',
  'reference.invalid',
  'url.invalid',
]);

/** Collects problems, then returns them deduplicated and in a fixed order. */
export class ProblemCollector {
  readonly #problems: Problem[] = [];

  readonly report: Report = (code, pointer, message) => {
    this.#problems.push({ code, pointer, message, severity: severityOf(code) });
  };

  /** Errors and warnings, each sorted by pointer then code, without duplicates. */
  result(): { errors: Problem[]; warnings: Problem[] } {
    const specific = new Set(
      this.#problems.filter((p) => SUPERSEDES_SCHEMA.has(p.code)).map((p) => p.pointer),
    );
    const seen = new Set<string>();
    const kept: Problem[] = [];
    for (const problem of this.#problems) {
      if (isSchemaCode(problem.code) && specific.has(problem.pointer)) continue;
      const key = `${problem.code}\u0000${problem.pointer}`;
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push(problem);
    }
    kept.sort(compareProblems);
    return {
      errors: kept.filter((p) => p.severity === 'error'),
      warnings: kept.filter((p) => p.severity === 'warning'),
    };
  }
}

function isSchemaCode(code: ProblemCode): boolean {
  return code.startsWith('schema.');
}

function compareProblems(a: Problem, b: Problem): number {
  return comparePointers(a.pointer, b.pointer) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Orders pointers segment by segment, array indexes numerically (`/nodes/2` before `/nodes/10`). */
export function comparePointers(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const order = compareSegments(left[i]!, right[i]!);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  const aIndex = INDEX.test(a);
  const bIndex = INDEX.test(b);
  if (aIndex && bIndex) return Number(a) - Number(b);
  if (aIndex !== bIndex) return aIndex ? -1 : 1;
  return a < b ? -1 : 1;
}
