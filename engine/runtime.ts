/**
 * Runs one step job. Core nodes decide and record in one tenant transaction. Side-effect nodes
 * take two: one marks the attempt started and reads the context, the executor runs outside any
 * transaction, and a second records the result, appends events and enqueues what follows. A
 * crash before the second commits leaves the step `running`, so the redelivered job runs it
 * again (with the same `stepKey`, from which idempotency keys derive); a duplicate delivery after
 * it finds the step finished and changes nothing.
 *
 * When a core step is followed by a core node without side effects (`CoreNode.inline`:
 * transform, decision, end), the job runs that step too, in the same transaction, instead of
 * enqueueing a job for it and committing — up to `inlineSteps` steps per job. Each such step
 * still gets its row and all its events, and the transaction still commits all of them or none:
 * a crash re-runs the job from its own step. A job is a fetch and a completion, two commits, so
 * a chain of transforms costs one job per `inlineSteps` steps instead of one per step. The step
 * after a side-effect step keeps a job of its own, so that step's result commits alone and a
 * failure after it can never make its side effect run again.
 */
import type pg from 'pg';
import {
  DEFAULT_RETRY,
  type Json,
  type NodeOf,
  type NodeType,
  parseDuration,
  WorkflowDocument,
} from '../graph/index.js';
import { type TenantTx, withTenant } from '../store/index.js';
import type { Clock, EngineLogger, ExecutorTable } from './api.js';
import type { CoreNode } from './core-node.js';
import { StepError as StepFailure } from './errors.js';
import type { RunContext, StepResult } from './executor.js';
import { approvalNode } from './nodes/approval.js';
import { decisionNode } from './nodes/decision.js';
import { endNode } from './nodes/end.js';
import { formNode } from './nodes/form.js';
import { loopNode } from './nodes/loop.js';
import { parallelNode } from './nodes/parallel.js';
import { subworkflowNode } from './nodes/subworkflow.js';
import { transformNode } from './nodes/transform.js';
import { waitNode } from './nodes/wait.js';
import type { PeopleDirectory } from './people-directory.js';
import { enqueueStepJob, type StepJobPayload } from './sql/jobs.js';
import type { RunRow } from './sql/runs.js';
import { type StepError, type StepRow, selectStepWithRun, updateStep } from './sql/steps.js';
import { selectVersion } from './sql/workflows.js';
import { isActive, StepChain, Transition, type TransitionHost } from './transition.js';
import { indexWorkflow, type WorkflowIndex } from './workflow-index.js';

const CORE_NODES: Partial<{ [T in NodeType]: CoreNode<T> }> = {
  decision: decisionNode,
  transform: transformNode,
  end: endNode,
  wait: waitNode,
  parallel: parallelNode,
  loop: loopNode,
  subworkflow: subworkflowNode,
  approval: approvalNode,
  form: formNode,
};

function coreNodeOf(type: NodeType): CoreNode<NodeType> | undefined {
  return CORE_NODES[type] as CoreNode<NodeType> | undefined;
}

export interface RuntimeOptions {
  pool: pg.Pool;
  clock: Clock;
  executors: ExecutorTable;
  logger: EngineLogger;
  maxVisits: number;
  /** Most steps a job runs after its own in its transaction (see above); 0 enqueues every step. */
  inlineSteps: number;
  /** Who is who, for approval and form steps; default knows nobody. */
  directory?: PeopleDirectory;
}

interface Attempt {
  run: RunRow;
  step: StepRow;
  node: NodeOf<NodeType>;
  context: RunContext;
  now: Date;
}

export class Runtime implements TransitionHost {
  readonly maxVisits: number;
  readonly #indexes = new Map<string, WorkflowIndex>();

  constructor(readonly options: RuntimeOptions) {
    this.maxVisits = options.maxVisits;
  }

  /** Versions are immutable, so their index is cached for the life of the process. */
  async indexOf(tx: TenantTx, workflowId: string, version: number): Promise<WorkflowIndex> {
    const cacheKey = `${workflowId}@${version}`;
    const cached = this.#indexes.get(cacheKey);
    if (cached !== undefined) return cached;
    const row = await selectVersion(tx, workflowId, version);
    if (row === undefined) {
      const { WorkflowVersionNotFoundError } = await import('./errors.js');
      throw new WorkflowVersionNotFoundError(workflowId, version);
    }
    const index = indexWorkflow(WorkflowDocument.parse(row.document));
    this.#indexes.set(cacheKey, index);
    return index;
  }

  get directory(): PeopleDirectory | undefined {
    return this.options.directory;
  }

  async stepCancelled(t: Transition, step: StepRow): Promise<void> {
    await coreNodeOf(step.node_type)?.cancel?.(t, step, t.node(step));
  }

  async childEnded(t: Transition, container: StepRow, child: number, output: Json): Promise<void> {
    const node = t.node(container);
    await coreNodeOf(node.type)?.childEnded?.(t, container, child, output, node);
  }

  withTenant<R>(tenantId: string, fn: (tx: TenantTx) => Promise<R>): Promise<R> {
    return withTenant(this.options.pool, tenantId, fn);
  }

  /** The graphile-worker task `switchboard_step`. */
  async runStepJob(payload: StepJobPayload): Promise<void> {
    const attempt = await this.withTenant(payload.tenantId, (tx) => this.#begin(tx, payload));
    if (attempt === null) return;
    const result = await this.#execute(payload, attempt);
    await this.withTenant(payload.tenantId, (tx) => this.#record(tx, payload, attempt, result));
  }

  /** Runs a core step to its end, or marks a side-effect step's attempt started. */
  async #begin(tx: TenantTx, payload: StepJobPayload): Promise<Attempt | null> {
    const now = this.options.clock.now();
    const found = await selectStepWithRun(tx, payload.runId, payload.key);
    if (found === undefined || !['pending', 'running', 'waiting'].includes(found.step.status)) return null;
    const { step, run } = found;
    if (!isActive(run.status)) return null;
    const index = await this.indexOf(tx, run.workflow_id, run.version);
    const chain = this.#chain();
    const t = new Transition(this, tx, run, index, now, { chain });
    const node = t.node(step);
    const core = coreNodeOf(node.type);
    if (step.status === 'waiting') {
      await core?.wake?.(t, step, node);
      await this.#runChain(t, chain);
      return null;
    }
    if (step.status === 'pending') {
      t.noteEvent('step.started', step.key, { node: node.id, type: node.type, attempt: step.attempt });
    }
    if (core !== undefined) {
      await core.start(t, step, node);
      await this.#runChain(t, chain);
      return null;
    }
    if (this.options.executors[node.type] === undefined) {
      await t.fail(step, {
        code: 'node.unsupported',
        message: `Steps of type ${node.type} cannot run yet: this Switchboard has no executor for them.`,
        node: node.id,
      });
      await this.#runChain(t, chain);
      return null;
    }
    await t.flush();
    await updateStep(tx, run.id, step.key, { status: 'running', startedAt: now });
    return { run, step, node, context: await t.context(step.scope, step.state), now };
  }

  async #execute(payload: StepJobPayload, attempt: Attempt): Promise<StepResult | StepError | StepFailure> {
    const executor = this.options.executors[attempt.node.type] as
      | ((input: unknown) => Promise<StepResult>)
      | undefined;
    const timeoutMs = attempt.node.timeout === undefined ? null : parseDuration(attempt.node.timeout);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      const running = (executor as (input: unknown) => Promise<StepResult>)({
        tenantId: payload.tenantId,
        runId: payload.runId,
        node: attempt.node,
        stepKey: `${payload.runId}/${payload.key}`,
        attempt: attempt.step.attempt,
        context: attempt.context,
        now: attempt.now,
        signal: controller.signal,
        withTenantTx: <R>(fn: (tx: TenantTx) => Promise<R>) => this.withTenant(payload.tenantId, fn),
      });
      if (timeoutMs === null) return await running;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(
            Object.assign(new Error(`The step took longer than ${attempt.node.timeout}.`), {
              code: 'step.timeout',
              retryable: true,
            }),
          );
        }, timeoutMs);
      });
      return await Promise.race([running, timedOut]);
    } catch (error) {
      if (error instanceof StepFailure) return error;
      const code = (error as { code?: unknown }).code;
      return {
        code: typeof code === 'string' ? code : 'step.failed',
        message: error instanceof Error ? error.message : String(error),
        node: attempt.node.id,
        ...((error as { retryable?: boolean }).retryable ? { retryable: true } : {}),
      } as StepError;
    } finally {
      clearTimeout(timer);
    }
  }

  async #record(
    tx: TenantTx,
    payload: StepJobPayload,
    attempt: Attempt,
    result: StepResult | StepError | StepFailure,
  ): Promise<void> {
    const found = await selectStepWithRun(tx, payload.runId, payload.key);
    // Someone else recorded this attempt (duplicate delivery) or the run was cancelled meanwhile.
    if (found === undefined || found.step.status !== 'running' || found.step.attempt !== attempt.step.attempt)
      return;
    const { step, run } = found;
    if (!isActive(run.status)) return;
    const now = this.options.clock.now();
    const index = await this.indexOf(tx, run.workflow_id, run.version);
    // No inline steps after a side effect: its result commits alone, so no failure of a later
    // step can roll it back and make the side effect run again.
    const chain = this.#chain(0);
    const t = new Transition(this, tx, run, index, now, { chain });
    if ('output' in result) {
      await t.succeed(step, result.output, result.next, result.vars);
      await this.#runChain(t, chain);
      return;
    }
    const failure = toStepError(result, attempt.node.id);
    const retryable =
      result instanceof StepFailure
        ? result.retryable
        : (result as { retryable?: boolean }).retryable === true;
    const retryAfterMs =
      result instanceof StepFailure && 'retryAfterMs' in result
        ? (result.retryAfterMs as number | undefined)
        : undefined;
    const policy = { ...DEFAULT_RETRY, ...attempt.node.retry };
    if (retryable && step.attempt < policy.maxAttempts) {
      const delay =
        retryAfterMs ??
        Math.min(
          (parseDuration(policy.initialDelay) ?? 1000) * policy.factor ** (step.attempt - 1),
          parseDuration(policy.maxDelay) ?? 60_000,
        );
      const runAt = new Date(now.getTime() + delay);
      await updateStep(tx, run.id, step.key, {
        status: 'pending',
        attempt: step.attempt + 1,
        error: failure,
      });
      await t.event('step.retry_scheduled', step.key, {
        ...failure,
        attempt: step.attempt,
        at: runAt.toISOString(),
      });
      await enqueueStepJob(tx, run.id, step.key, runAt);
      await t.flush();
      return;
    }
    await t.fail(step, failure);
    await this.#runChain(t, chain);
  }

  /** A chain for this job's transitions: up to `inlineSteps` inline steps, events written together. */
  #chain(inlineSteps = this.options.inlineSteps): StepChain {
    return new StepChain(inlineSteps, (node) => coreNodeOf(node.type)?.inline === true);
  }

  /**
   * Runs the steps `first` and the transitions after it chained, each in a transition of its
   * own (its own time), while the run is active; then writes the events of all of them.
   */
  async #runChain(first: Transition, chain: StepChain): Promise<void> {
    let last = first;
    for (let step = chain.take(); step !== null && isActive(first.run.status); step = chain.take()) {
      last = new Transition(this, first.tx, first.run, first.index, this.options.clock.now(), { chain });
      const node = last.node(step);
      last.noteEvent('step.started', step.key, { node: node.id, type: node.type, attempt: step.attempt });
      await (coreNodeOf(node.type) as CoreNode<NodeType>).start(last, step, node);
    }
    await last.flush();
  }
}

function toStepError(result: StepError | StepFailure, node: string): StepError {
  return { code: result.code, message: result.message, node };
}
