/**
 * A transition: everything that happens to one run inside one tenant transaction — recording a
 * step's result, appending events, scheduling the next steps (jobs enqueued on the same
 * connection), ending branches, iterations and the run. Committing the transaction commits all
 * of it or none of it.
 */
import type { Json, Node } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import type { RunStatus } from './api.js';
import type { RunContext } from './executor.js';
import { appendRunEvents } from './sql/events.js';
import { enqueueStepJob, removeStepJobs } from './sql/jobs.js';
import { finishRun, type RunRow, selectChildRuns, selectRun } from './sql/runs.js';
import {
  cancelSteps,
  insertNextStep,
  type StepError,
  type StepRow,
  type StepSuccess,
  selectOpenSteps,
  selectStep,
  selectStepOutputs,
  succeedStep,
  type TimedRunEvent,
  updateStep,
} from './sql/steps.js';
import type { WorkflowIndex } from './workflow-index.js';

/** What a transition needs from the engine. */
export interface TransitionHost {
  maxVisits: number;
  indexOf(tx: TenantTx, workflowId: string, version: number): Promise<WorkflowIndex>;
  /** Hooks for orchestrated nodes (parallel, loop) when one of their branches or iterations ended. */
  childEnded(t: Transition, container: StepRow, child: number, output: Json): Promise<void>;
  /** Hook for steps cancelled while open (approval and form steps close their task). */
  stepCancelled?(t: Transition, step: StepRow): Promise<void>;
}

/** A container scope segment: `<container key>.b<i>/` (parallel branch) or `.i<n>/` (loop iteration). */
const SCOPE_TAIL = /^(.*)\.([bi])(\d+)\/$/;

export function parseScope(scope: string): { containerKey: string; kind: 'b' | 'i'; child: number } | null {
  const match = SCOPE_TAIL.exec(scope);
  if (match === null) return null;
  return { containerKey: match[1] as string, kind: match[2] as 'b' | 'i', child: Number(match[3]) };
}

export function scopeOfChild(containerKey: string, kind: 'b' | 'i', child: number): string {
  return `${containerKey}.${kind}${child}/`;
}

/**
 * The steps one step job runs in its transaction, one after the other. A transition given a
 * chain schedules a step of a node the chain `accepts` (a core node without side effects) as
 * its `next`, with no job, and the runtime runs it right after, in the same transaction; at most
 * `remaining` more, after which steps are enqueued as usual. The chain's transitions also keep
 * their events, written together by `Transition.flush`, which the runtime calls before commit.
 */
export class StepChain {
  /** The step to run next in this transaction: its row exists, it has no job. */
  next: StepRow | null = null;
  /** Events noted by the chain's transitions and not yet written, in order. */
  readonly events: TimedRunEvent[] = [];

  constructor(
    public remaining: number,
    readonly accepts: (node: Node) => boolean,
  ) {}

  /** The next step, handed over once. */
  take(): StepRow | null {
    const step = this.next;
    this.next = null;
    return step;
  }
}

export class Transition {
  /** Events noted but not yet written; the next `event` (outside a chain) or `flush` writes them. */
  readonly #noted: TimedRunEvent[];
  readonly #chain: StepChain | undefined;

  constructor(
    readonly host: TransitionHost,
    readonly tx: TenantTx,
    readonly run: RunRow,
    readonly index: WorkflowIndex,
    readonly now: Date,
    options: { chain?: StepChain } = {},
  ) {
    this.#chain = options.chain;
    this.#noted = options.chain?.events ?? [];
  }

  node(step: StepRow): Node {
    return this.index.node(step.node_id);
  }

  /** Appends an event; in a chain it is only noted, and written by `flush`. */
  async event(type: string, step: string | null, data: Json = {}): Promise<void> {
    this.noteEvent(type, step, data);
    if (this.#chain === undefined) await this.flush();
  }

  /**
   * Notes an event to be written with the next one (a step's `step.started` with its
   * `step.succeeded`: one insert instead of two). Call `flush` before the transaction commits.
   */
  noteEvent(type: string, step: string | null, data: Json = {}): void {
    this.#noted.push({ type, step, data, at: this.now });
  }

  /** Writes the events noted and not yet written (in a chain: those of all its transitions). */
  async flush(): Promise<void> {
    if (this.#noted.length === 0) return;
    const events = this.#noted.splice(0);
    await appendRunEvents(this.tx, this.run.id, this.now, events);
  }

  /**
   * Creates the step of `nodeId` in `scope` and enqueues its job (`runAt` null: now), or, in a
   * chain that accepts the node, hands it to the chain to run next in this transaction. Returns
   * its key, or null when the node reached its visit bound (the run then failed).
   */
  async scheduleStep(
    scope: string,
    nodeId: string,
    state: Record<string, Json> = {},
    runAt: Date | null = null,
  ): Promise<string | null> {
    return this.#schedule(scope, nodeId, state, runAt, null);
  }

  /** `scheduleStep`, recording `success` (of the step before) in the same statement. */
  async #schedule(
    scope: string,
    nodeId: string,
    state: Record<string, Json>,
    runAt: Date | null,
    success: StepSuccess | null,
  ): Promise<string | null> {
    const node = this.index.node(nodeId);
    const chain = this.#chain;
    const inline =
      runAt === null &&
      chain !== undefined &&
      chain.next === null &&
      chain.remaining > 0 &&
      chain.accepts(node);
    const next = {
      scope,
      nodeId,
      nodeType: node.type,
      state,
      maxVisits: this.host.maxVisits,
      enqueue: !inline,
      runAt,
    };
    let step: StepRow | null;
    if (success === null) {
      step = await insertNextStep(this.tx, this.run.id, next, this.#noted.splice(0));
    } else {
      const advanced = await succeedStep(this.tx, this.run.id, success, next, this.#noted.splice(0));
      if (advanced.vars !== null) this.run.vars = advanced.vars;
      step = advanced.next;
    }
    if (step === null) {
      await this.finishRun('failed', null, {
        code: 'node.visit_limit',
        message: `Step ${nodeId} was reached ${this.host.maxVisits} times in this run; the workflow seems to loop without end. Give the cycle a way out.`,
        node: nodeId,
      });
      return null;
    }
    if (inline && chain !== undefined) {
      chain.next = step;
      chain.remaining--;
    }
    return step.key;
  }

  /**
   * The context a step in `scope` sees (GRAPH.md "Data, expressions and templates"). Given the
   * `reader` whose own expressions alone will read it, `steps` holds only the outputs they read.
   */
  async context(scope: string, state: Record<string, Json> = {}, reader?: Node): Promise<RunContext> {
    const steps: Record<string, Json> = {};
    const read = reader === undefined ? null : this.index.stepsReadBy(reader.id);
    const rows = read?.length === 0 ? [] : await selectStepOutputs(this.tx, this.run.id, read);
    for (const row of rows) {
      if (scope.startsWith(row.scope)) steps[row.node_id] = row.output;
    }
    const context: RunContext = {
      trigger: this.run.input,
      steps,
      vars: this.run.vars,
      run: { id: this.run.id, startedAt: this.run.created_at.toISOString(), requester: this.run.requester },
    };
    await this.bindLoopItems(scope, context);
    if (state.error !== undefined && state.error !== null) context.error = state.error as RunContext['error'];
    return context;
  }

  private async bindLoopItems(scope: string, context: RunContext): Promise<void> {
    const parsed = parseScope(scope);
    if (parsed === null) return;
    const containerScope = parsed.containerKey.slice(0, parsed.containerKey.lastIndexOf('/') + 1);
    await this.bindLoopItems(containerScope, context);
    if (parsed.kind !== 'i') return;
    const container = await selectStep(this.tx, this.run.id, parsed.containerKey);
    if (container === undefined) return;
    const node = this.index.node(container.node_id);
    const items = (container.state.items ?? []) as Json[];
    context[node.type === 'loop' ? (node.as ?? 'item') : 'item'] = items[parsed.child] ?? null;
    context.index = parsed.child;
  }

  /**
   * Records success and continues at `next` (default: the node's `next`); `vars` are merged into
   * the run's variables with it.
   */
  async succeed(
    step: StepRow,
    output: Json,
    next?: string | null,
    vars?: Record<string, Json>,
  ): Promise<void> {
    const success: StepSuccess = { key: step.key, output, vars: vars ?? null, at: this.now };
    await this.event('step.succeeded', step.key, { node: step.node_id, attempt: step.attempt });
    const node = this.node(step);
    const target =
      next !== undefined ? next : 'next' in node && typeof node.next === 'string' ? node.next : null;
    if (target) {
      const carried: Record<string, Json> = step.state.error === undefined ? {} : { error: step.state.error };
      await this.#schedule(step.scope, target, carried, null, success);
    } else {
      const advanced = await succeedStep(this.tx, this.run.id, success, null, this.#noted.splice(0));
      if (advanced.vars !== null) this.run.vars = advanced.vars;
      await this.endPath(step.scope, output);
    }
  }

  /** Puts the step to sleep; its job comes back at `wakeAt` (never, when null). */
  async wait(step: StepRow, state: Record<string, Json>, wakeAt: Date | null): Promise<void> {
    await updateStep(this.tx, this.run.id, step.key, { status: 'waiting', state, startedAt: this.now });
    await this.event('step.waiting', step.key, { node: step.node_id, until: wakeAt?.toISOString() ?? null });
    if (wakeAt !== null) await enqueueStepJob(this.tx, this.run.id, step.key, wakeAt);
  }

  /** The step finally failed: follow `onError`, else fail the enclosing branch, iteration or run. */
  async fail(step: StepRow, error: StepError): Promise<void> {
    const node = this.node(step);
    await updateStep(this.tx, this.run.id, step.key, {
      status: 'failed',
      error,
      state: { ...step.state, handled: node.onError !== undefined },
      startedAt: this.now,
      finishedAt: this.now,
    });
    await this.event('step.failed', step.key, { ...error, attempt: step.attempt });
    if (node.onError !== undefined) {
      await this.scheduleStep(step.scope, node.onError, { error: { ...error } });
      return;
    }
    await this.failScope(step.scope, error, step.key);
  }

  private async failScope(scope: string, error: StepError, stepKey: string): Promise<void> {
    const parsed = parseScope(scope);
    if (parsed === null) {
      await this.finishRun('failed', null, { ...error, step: stepKey });
      return;
    }
    const container = await selectStep(this.tx, this.run.id, parsed.containerKey, true);
    if (container === undefined || container.status !== 'waiting') return;
    await this.cancelOpen(`${container.key}.`);
    await this.fail(container, error);
  }

  /** A path ended without `next`: ends its branch or iteration, or at top level the run. */
  async endPath(scope: string, output: Json): Promise<void> {
    const parsed = parseScope(scope);
    if (parsed === null) {
      await this.finishRun('completed', output, null);
      return;
    }
    const container = await selectStep(this.tx, this.run.id, parsed.containerKey, true);
    if (container === undefined || container.status !== 'waiting') return;
    await this.host.childEnded(this, container, parsed.child, output);
  }

  /** Cancels unfinished steps whose key starts with `prefix`: jobs removed, waits closed, child runs cancelled. */
  async cancelOpen(prefix: string): Promise<void> {
    const open = await selectOpenSteps(this.tx, this.run.id, prefix);
    const keys = open.map((s) => s.key);
    const chained = this.#chain?.next;
    if (chained != null && chained.run_id === this.run.id && keys.includes(chained.key)) this.#chain?.take();
    await cancelSteps(this.tx, this.run.id, keys, this.now);
    await removeStepJobs(this.tx, this.run.id, keys);
    for (const step of open) {
      await this.event('step.cancelled', step.key, { node: step.node_id });
      await this.host.stepCancelled?.(this, step);
      const childRunId = step.state.childRunId;
      if (typeof childRunId === 'string') await this.cancelChild(childRunId);
    }
  }

  private async cancelChild(childRunId: string): Promise<void> {
    const child = await selectRun(this.tx, childRunId, true);
    if (child === undefined || !isActive(child.status)) return;
    const index = await this.host.indexOf(this.tx, child.workflow_id, child.version);
    await new Transition(this.host, this.tx, child, index, this.now).finishRun('cancelled', null, null);
  }

  /** Ends the run: open steps cancelled, status and output recorded, a waiting parent resumed. */
  async finishRun(status: RunStatus, output: Json | null, error: RunRow['error']): Promise<void> {
    const current = await selectRun(this.tx, this.run.id, true);
    if (current === undefined || !isActive(current.status)) return;
    await this.cancelOpen('');
    await finishRun(this.tx, this.run.id, status, output, error, this.now);
    this.run.status = status;
    await this.event(`run.${status}`, null, error === null ? { output } : { output, error });
    if (this.run.parent_run_id !== null && this.run.parent_step_key !== null) {
      await this.resumeParent(this.run.parent_run_id, this.run.parent_step_key, status, output, error);
    }
    for (const child of await selectChildRuns(this.tx, this.run.id)) {
      if (isActive(child.status)) await this.cancelChild(child.id);
    }
  }

  private async resumeParent(
    parentRunId: string,
    parentStepKey: string,
    status: RunStatus,
    output: Json | null,
    error: RunRow['error'],
  ): Promise<void> {
    const parent = await selectRun(this.tx, parentRunId, true);
    if (parent === undefined || !isActive(parent.status)) return;
    const step = await selectStep(this.tx, parentRunId, parentStepKey, true);
    if (step === undefined || step.status !== 'waiting') return;
    const index = await this.host.indexOf(this.tx, parent.workflow_id, parent.version);
    const t = new Transition(this.host, this.tx, parent, index, this.now);
    await t.event('step.resumed', step.key, { childRun: this.run.id, status });
    if (status === 'completed') {
      await t.succeed(step, output);
    } else {
      await t.fail(step, {
        code: status === 'cancelled' ? 'subworkflow.cancelled' : 'subworkflow.failed',
        message: `The child run ${this.run.id} ${status}${error ? `: ${error.message}` : ''}.`,
        node: step.node_id,
      });
    }
  }
}

export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'waiting';
}
