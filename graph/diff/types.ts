/**
 * What `diff` returns. Steps are matched by id across the whole document, nested graphs included.
 * Pointers of document and trigger changes are absolute (`/name`, `/trigger/cron`); pointers of
 * step changes are relative to the step (`/timeout`, `/next/approved`), as in the node registry.
 */
import type { Json } from '../schema/common.js';
import type { NodeType } from '../schema/node.js';

export interface FieldChange {
  pointer: string;
  /** Absent when the field was not set before. */
  before?: Json;
  /** Absent when the field is no longer set. */
  after?: Json;
}

/** Where a step sits in its document. */
export interface StepLocation {
  /** The parallel or loop step whose graph holds the step; null at top level. */
  parent: string | null;
  /** The parent's name, or its id when it has none; null at top level. */
  parentName: string | null;
  /** The graph inside the parent (`/branches/1/nodes`, `/nodes`); `/nodes` at top level. */
  graph: string;
  /** Position in that graph, from 0 (0 is where the graph starts). */
  index: number;
  /** JSON Pointer of the step in the document (`/nodes/2/branches/1/nodes/0`). */
  pointer: string;
}

export interface StepReference {
  id: string;
  type: NodeType;
  /** The step's name, or its id when it has none. */
  name: string;
  location: StepLocation;
}

export interface StepChange {
  id: string;
  /** The type after the change (a changed type is listed as `/type`). */
  type: NodeType;
  /** The name after the change, or the id. */
  name: string;
  /** Changed fields in pointer order; nested graphs are not fields (their steps are compared on their own). */
  changes: FieldChange[];
}

export interface StepMove {
  id: string;
  type: NodeType;
  name: string;
  from: StepLocation;
  to: StepLocation;
}

export interface WorkflowDiff {
  /** Changes to the document's own fields (name, description, locale, …). */
  document: FieldChange[];
  trigger: FieldChange[];
  /** In the order of the new document. */
  added: StepReference[];
  /** In the order of the old document. */
  removed: StepReference[];
  /** In the order of the new document. */
  changed: StepChange[];
  /** Steps now in another graph, or out of order among the steps that stayed in their graph. */
  moved: StepMove[];
}
