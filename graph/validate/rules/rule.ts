/**
 * The shape of a semantic rule. Rules read the raw node, which may not satisfy the schema: each
 * checks the types of the fields it reads and stays silent when they are malformed (the schema
 * check reports those).
 */
import type { DocumentModel, NodeEntry, RawObject } from '../model.js';
import { isObject } from '../model.js';
import type { Report } from '../problems.js';

export interface RuleContext {
  model: DocumentModel;
  report: Report;
}

export type NodeRule = (node: NodeEntry, context: RuleContext) => void;

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function object(value: unknown): RawObject | undefined {
  return isObject(value) ? value : undefined;
}

/** Positions of the second and later occurrences of each value (compared by `keyOf`). */
export function repeats<T>(items: readonly T[], keyOf: (item: T) => string | undefined): number[] {
  const seen = new Set<string>();
  const found: number[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) found.push(i);
    else seen.add(key);
  });
  return found;
}
