/**
 * Core node types (decision, transform, end, wait, parallel, loop, subworkflow) are orchestrated
 * by the engine inside the transition's transaction: they have no side effects outside the
 * database, so reading the context, deciding and recording commit together.
 */
import type { Json, NodeOf, NodeType } from '../graph/index.js';
import type { StepError, StepRow } from './sql/steps.js';
import type { Transition } from './transition.js';

export interface CoreNode<T extends NodeType> {
  /** The step's job ran for the first time (or again after a retry of the run). */
  start(t: Transition, step: StepRow, node: NodeOf<T>): Promise<void>;
  /** The job of a waiting step came back (a timer it set). */
  wake?(t: Transition, step: StepRow, node: NodeOf<T>): Promise<void>;
  /** A branch or iteration of this (waiting) container step ended with `output`. */
  childEnded?(t: Transition, container: StepRow, child: number, output: Json, node: NodeOf<T>): Promise<void>;
}

/** A failure of an expression or of data, as a step error. */
export function stepErrorOf(node: { id: string }, code: string, error: unknown): StepError {
  return { code, message: error instanceof Error ? error.message : String(error), node: node.id };
}
