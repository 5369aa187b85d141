/**
 * The contract between the engine core and the executor of one node type
 * (`engine/nodes/<type>.ts`). The core loads the run, builds the context, calls the executor
 * outside any database transaction, then records the result and enqueues what follows in one
 * transaction. Executors of node types that wait (wait, approval, form, parallel, loop,
 * subworkflow) are orchestrated by the core and do not use this interface.
 */
import type { Json, NodeOf, NodeType } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';

/** What a step sees of its run (GRAPH.md "Data, expressions and templates"). */
export interface RunContext {
  trigger: Json;
  steps: Record<string, Json>;
  vars: Record<string, Json>;
  run: { id: string; startedAt: string; requester: string | null };
  /** After an `onError` jump: the failure. */
  error?: { message: string; code: string; node: string };
  /** Inside loop bodies: the item under the loop's `as` name, and `index`. */
  [binding: string]: Json | undefined;
}

export interface StepInput<T extends NodeType = NodeType> {
  tenantId: string;
  runId: string;
  node: NodeOf<T>;
  /**
   * Identifies the step across attempts and duplicate deliveries:
   * `<runId>/<node path>/<iteration>`. Idempotency keys (HTTP `Idempotency-Key`, SMTP
   * `Message-ID`, chat message metadata) derive from it, never from the attempt.
   */
  stepKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  context: RunContext;
  /** The time the engine recorded for this attempt; `now()` in expressions reads it. */
  now: Date;
  /** Aborted when the node's `timeout` passes or the run is cancelled. */
  signal: AbortSignal;
  /** Runs `fn` in a transaction scoped to the run's tenant (for `record` steps and the like). */
  withTenantTx<R>(fn: (tx: TenantTx) => Promise<R>): Promise<R>;
}

export interface StepResult {
  /** Becomes `steps.<id>`. */
  output: Json;
  /** Variables to set (`transform`). */
  vars?: Record<string, Json>;
  /** For branching nodes (`decision`): the node to continue at; otherwise the node's `next`. */
  next?: string | null;
}

/** Runs one attempt of a step; throws a `StepError` (or anything else, treated as permanent). */
export type Executor<T extends NodeType = NodeType> = (input: StepInput<T>) => Promise<StepResult>;
