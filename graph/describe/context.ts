/**
 * What a step describer may use: the catalogue, the numbers of all steps, the kind of graph the
 * step is in, a warnings sink, and a way to describe nested graphs (given, not imported, so the
 * walk and the per-type describers do not import each other).
 */
import type { Node, NodeOf, NodeType } from '../schema/node.js';
import type { Messages } from './messages/catalogue.js';
import type { StepPlace } from './tree.js';
import type { DescribedGroup, DescribedStep, DescribeWarning, DescribeWarningCode } from './types.js';

export type GraphKind = 'top' | 'branch' | 'body';

export interface DocumentContext {
  m: Messages;
  places: Map<string, StepPlace>;
  warnings: DescribeWarning[];
  describeGraph(nodes: Node[], prefix: string, kind: GraphKind): DescribedStep[];
}

export interface StepContext extends DocumentContext {
  /** The number of the step being described. */
  number: string;
  /** The name of the step being described. */
  name: string;
  graph: GraphKind;
}

/** What a describer says about its step; `describe` adds the common fields and the transitions. */
export interface StepParts {
  summary: string;
  details: string[];
  groups?: DescribedGroup[];
  /** Set when the step continues at `next` (so "Then …" is said). */
  onward?: { next: string | undefined };
}

export type StepDescriber<T extends NodeType> = (node: NodeOf<T>, ctx: StepContext) => StepParts;

/** "go to step 4 (Pay invoice)". */
export function goTo(ctx: DocumentContext, id: string): string {
  const place = ctx.places.get(id);
  return place === undefined ? ctx.m.missingStep(id) : ctx.m.goTo(place.number, place.name);
}

/** "step 4 (Pay invoice)". */
export function stepReference(ctx: DocumentContext, id: string): string {
  const place = ctx.places.get(id);
  return place === undefined ? `\`${id}\`` : ctx.m.step(place.number, place.name);
}

/** "step 3 (Finance approval)", the step being described. */
export function thisStep(ctx: StepContext): string {
  return ctx.m.step(ctx.number, ctx.name);
}

export function warn(ctx: StepContext, code: DescribeWarningCode, message: string): void {
  ctx.warnings.push({ code, step: ctx.number, message });
}

/** "Then go to step 4 (Pay).", or how the path ends in this kind of graph. */
export function thenSentence(ctx: StepContext, next: string | undefined): string {
  if (next !== undefined) return ctx.m.thenGoTo(goTo(ctx, next));
  if (ctx.graph === 'branch') return ctx.m.endsBranch;
  if (ctx.graph === 'body') return ctx.m.endsIteration;
  return ctx.m.endsRun;
}
