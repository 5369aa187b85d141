/**
 * A drawing of a workflow: positioned boxes and routed edges, as plain JSON. Coordinates are
 * absolute (from the top-left corner of the drawing), in pixels, rounded to whole numbers.
 */
import type { NodeType } from '../schema/node.js';

/** Steps have their node type; the trigger is the start box; `branch` is one branch of a parallel step. */
export type LayoutNodeType = NodeType | 'trigger' | 'branch';

export interface LayoutPoint {
  x: number;
  y: number;
}

export interface LayoutNode {
  /** The step id; `@trigger` for the trigger; `<parallel id>@branch-<n>` for a branch (from 1). */
  id: string;
  type: LayoutNodeType;
  /** The step's name (or id), the branch's name (or "Branch n"), or the trigger's type and detail. */
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The group (parallel step, branch or loop step) drawn around this box. */
  parent?: string;
}

export interface LayoutEdge {
  /** `<source id><pointer of the field holding the target>`, e.g. `check/cases/0/next`; `@trigger/start`. */
  id: string;
  source: string;
  target: string;
  /** What the edge means as the registry says it (`next`, `case 1`, `approved`, `on error`, …, `start`). */
  kind: string;
  /** The text to draw on the edge; empty for `next` and `start`. */
  label: string;
  /** The route from source to target, bends included. */
  points: LayoutPoint[];
  /** Top-left corner of the label's box, when there is a label. */
  labelPosition?: LayoutPoint;
}

export interface Layout {
  width: number;
  height: number;
  /** Groups come before what they contain; otherwise in document order, the trigger first. */
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}
