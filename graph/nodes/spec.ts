/**
 * What every node type declares about itself besides its zod schema. The validator, `describe`,
 * `diff`, the layout, the planner's node catalogue and the translator read these accessors, so
 * adding a field to a node type means saying here where its ids, expressions, texts and people are.
 * Pointers are JSON Pointers relative to the node (`/next`, `/cases/0/when`).
 */
import type { z } from 'zod';
import type { Json } from '../schema/common.js';

/** A link from a node to another node of the same graph. */
export interface Edge {
  pointer: string;
  target: string;
  /** What the edge means: `next`, `onError`, `default`, `case 1`, `approved`, `onTimeout`, … */
  label: string;
}

/** A nested graph (a parallel branch or a loop body). */
export interface Subgraph {
  pointer: string;
  nodes: NodeLike[];
  /** Variables bound inside the graph besides the run context, e.g. the loop's `item` and `index`. */
  bindings: string[];
}

export type ExpressionKind = 'expression' | 'template';

/** A place in the node holding an expression or a template. */
export interface ExpressionSite {
  pointer: string;
  source: string;
  kind: ExpressionKind;
  /** Variables visible only here, e.g. `record` in `record.where`, `event` in `wait.event.match`. */
  bindings: string[];
}

/** A translatable text. */
export interface TextSite {
  pointer: string;
  text: string;
}

/** A person or place reference. */
export interface ReferenceSite {
  pointer: string;
  reference: string;
  /** Email recipients may also be a bare address such as `ann@example.com`. */
  acceptsAddress?: boolean;
}

/** The minimal shape all nodes share, for code that walks graphs without knowing node types. */
export interface NodeLike {
  id: string;
  type: string;
  name?: string | undefined;
  onError?: string | undefined;
  retry?: unknown;
  timeout?: string | undefined;
}

export interface NodeSpec<S extends z.ZodType = z.ZodType> {
  type: z.infer<S> extends { type: infer T } ? T : never;
  schema: S;
  /** One line for people and the planner's catalogue. */
  summary: string;
  /** Whether the step acts on the outside world (so `retry` and idempotency apply). */
  sideEffects: boolean;
  /** Whether a run can follow `next` after this node (false for `end` and `decision`). */
  hasNext: boolean;
  /** A small valid example, shown to the planner and used in tests. */
  example: z.infer<S>;
  edges(node: z.infer<S>): Edge[];
  graphs(node: z.infer<S>): Subgraph[];
  expressions(node: z.infer<S>): ExpressionSite[];
  texts(node: z.infer<S>): TextSite[];
  references(node: z.infer<S>): ReferenceSite[];
}

/** Declares a node type; the identity function exists for the type inference. */
export function defineNode<S extends z.ZodType>(spec: NodeSpec<S>): NodeSpec<S> {
  return spec;
}

/** `next` of a node with a single successor, as an edge list. */
export function nextEdge(next: string | undefined): Edge[] {
  return next === undefined ? [] : [{ pointer: '/next', target: next, label: 'next' }];
}

export function expression(
  pointer: string,
  source: string | undefined,
  bindings: string[] = [],
): ExpressionSite[] {
  return source === undefined ? [] : [{ pointer, source, kind: 'expression', bindings }];
}

export function template(pointer: string, source: string | undefined): ExpressionSite[] {
  return source === undefined ? [] : [{ pointer, source, kind: 'template', bindings: [] }];
}

export function text(pointer: string, value: string | undefined): TextSite[] {
  return value === undefined ? [] : [{ pointer, text: value }];
}

/** Every string inside a JSON value is a template (object keys are not). */
export function jsonTemplates(pointer: string, value: Json | undefined): ExpressionSite[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return template(pointer, value);
  if (Array.isArray(value)) return value.flatMap((item, i) => jsonTemplates(`${pointer}/${i}`, item));
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      jsonTemplates(`${pointer}/${escapePointer(key)}`, item),
    );
  }
  return [];
}

/** Templates in a string map such as HTTP headers. */
export function mapTemplates(pointer: string, map: Record<string, string> | undefined): ExpressionSite[] {
  return Object.entries(map ?? {}).flatMap(([key, value]) =>
    template(`${pointer}/${escapePointer(key)}`, value),
  );
}

export function references(pointer: string, list: string[] | undefined): ReferenceSite[] {
  return (list ?? []).map((reference, i) => ({ pointer: `${pointer}/${i}`, reference }));
}

/** RFC 6901 escaping of one pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
