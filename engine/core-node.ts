/**
 * Core node types (decision, transform, end, wait, parallel, loop, subworkflow, approval, form)
 * are orchestrated by the engine inside the transition's transaction: they have no side effects
 * outside the database (approval and form notices are jobs enqueued in it), so reading the
 * context, deciding and recording commit together.
 */
import type { Json, NodeOf, NodeType } from '../graph/index.js';
import type { StepError, StepRow } from './sql/steps.js';
import type { Transition } from './transition.js';

export interface CoreNode<T extends NodeType> {
  /**
   * True when `start` only reads and writes the run's rows (no timers, no child steps or runs, no
   * messages), so a step job may run the step right after the one before it, in the same
   * transaction, instead of enqueueing a job for it (runtime.ts). Default false.
   */
  readonly inline?: boolean;
  /** The step's job ran for the first time (or again after a retry of the run). */
  start(t: Transition, step: StepRow, node: NodeOf<T>): Promise<void>;
  /** The job of a waiting step came back (a timer it set). */
  wake?(t: Transition, step: StepRow, node: NodeOf<T>): Promise<void>;
  /** A branch or iteration of this (waiting) container step ended with `output`. */
  childEnded?(t: Transition, container: StepRow, child: number, output: Json, node: NodeOf<T>): Promise<void>;
  /** The (open) step was cancelled: run cancelled or failed, a sibling branch won (approval/form close their task). */
  cancel?(t: Transition, step: StepRow, node: NodeOf<T>): Promise<void>;
}

/** A failure of an expression or of data, as a step error. */
export function stepErrorOf(node: { id: string }, code: string, error: unknown): StepError {
  return { code, message: error instanceof Error ? error.message : String(error), node: node.id };
}
