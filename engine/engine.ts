/**
 * `createEngine`: the implementation of `Engine` (api.ts) over the tenant store, the runtime
 * (runtime.ts) and the graphile-worker runner (worker.ts).
 */
import { randomBytes } from 'node:crypto';
import { evaluateExpression, type Json, validate, type WorkflowDocument } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import type {
  CreateEngineOptions,
  Engine,
  RunDetail,
  RunStatus,
  RunSummary,
  StartRunOptions,
  WorkflowDetail,
  WorkflowSummary,
} from './api.js';
import {
  InvalidRunInputError,
  InvalidWorkflowError,
  RunNotFoundError,
  RunStateError,
  WorkflowInactiveError,
  WorkflowNotFoundError,
  WorkflowVersionNotFoundError,
} from './errors.js';
import { validateManualInput } from './manual-input.js';
import { deliverEvent, eventMatches } from './nodes/wait.js';
import { createNotifierRegistry, createRunLogChannel } from './notifier.js';
import { noPeopleDirectory } from './people-directory.js';
import { Runtime } from './runtime.js';
import {
  appendRunEvents,
  consumeEvent,
  insertPendingEvent,
  lockEventName,
  selectRunEvents,
} from './sql/events.js';
import { enqueueStepJob } from './sql/jobs.js';
import { type RunRow, selectRun, selectRuns, updateRunStatus } from './sql/runs.js';
import { type StepRow, selectEventWaits, selectSteps, updateStep } from './sql/steps.js';
import {
  insertVersion,
  insertWorkflow,
  selectEventListeners,
  selectVersion,
  selectVersions,
  selectWorkflow,
  selectWorkflows,
  updateWorkflowRow,
  type WorkflowRow,
} from './sql/workflows.js';
import { startRunInTx } from './start-run.js';
import { createTaskNoticeHandler } from './tasks/notices.js';
import { createTaskService } from './tasks/service.js';
import { isActive, Transition } from './transition.js';
import { createWorker } from './worker.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function createEngine(options: CreateEngineOptions): Engine {
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? silent;
  const directory = options.directory ?? noPeopleDirectory;
  const runtime = new Runtime({
    pool: options.pool,
    clock,
    executors: options.executors ?? {},
    logger,
    maxVisits: options.config?.maxVisitsPerNode ?? 100,
    inlineSteps: options.config?.inlineStepsPerJob ?? 32,
    directory,
  });
  const onRunFinished = options.onRunFinished;
  const worker = createWorker({
    pool: options.pool,
    runtime,
    clock,
    logger,
    config: options.config ?? {},
    taskNotices: createTaskNoticeHandler({
      withTenant: (tenantId, fn) => runtime.withTenant(tenantId, fn),
      directory,
      channels:
        options.notifier ??
        createNotifierRegistry(createRunLogChannel((tenantId, fn) => runtime.withTenant(tenantId, fn))),
      clock,
      logger,
    }),
    ...(onRunFinished === undefined
      ? {}
      : {
          onRunFinished: async ({ tenantId, runId }) => {
            const run = await runtime.withTenant(tenantId, (tx) => selectRun(tx, runId));
            if (run !== undefined) await onRunFinished(runSummaryOf(run));
          },
        }),
  });
  const tenant = <R>(tenantId: string, fn: (tx: TenantTx) => Promise<R>) =>
    worker.ready().then(() => runtime.withTenant(tenantId, fn));

  async function requireWorkflow(tx: TenantTx, workflowId: string, lock = false): Promise<WorkflowRow> {
    const row = UUID.test(workflowId) ? await selectWorkflow(tx, workflowId, lock) : undefined;
    if (row === undefined) throw new WorkflowNotFoundError(workflowId);
    return row;
  }

  async function requireRun(tx: TenantTx, runId: string, lock = false): Promise<RunRow> {
    const row = UUID.test(runId) ? await selectRun(tx, runId, lock) : undefined;
    if (row === undefined) throw new RunNotFoundError(runId);
    return row;
  }

  async function detail(tx: TenantTx, row: WorkflowRow): Promise<WorkflowDetail> {
    const latest = await selectVersion(tx, row.id, row.latest_version);
    const versions = await selectVersions(tx, row.id);
    return {
      ...summaryOf(row),
      document: latest?.document as WorkflowDocument,
      versions: versions.map((v) => ({
        version: v.version,
        createdAt: v.created_at.toISOString(),
        createdBy: v.created_by,
      })),
    };
  }

  async function transitionOf(tx: TenantTx, run: RunRow): Promise<Transition> {
    return new Transition(
      runtime,
      tx,
      run,
      await runtime.indexOf(tx, run.workflow_id, run.version),
      clock.now(),
    );
  }

  return {
    async createWorkflow(tenantId, document, createOptions = {}) {
      const parsed = validDocument(document);
      return tenant(tenantId, async (tx) => {
        const row = await insertWorkflow(tx, parsed, createOptions.createdBy ?? null, clock.now());
        return detail(tx, row);
      });
    },

    async updateWorkflow(tenantId, workflowId, document) {
      const parsed = validDocument(document);
      return tenant(tenantId, async (tx) => {
        const row = await requireWorkflow(tx, workflowId, true);
        const version = row.latest_version + 1;
        await insertVersion(tx, row.id, version, parsed, null, clock.now());
        const updated = await updateWorkflowRow(
          tx,
          row.id,
          {
            name: parsed.name,
            latestVersion: version,
            ...(row.active_version === null ? { triggerType: parsed.trigger.type } : {}),
          },
          clock.now(),
        );
        return detail(tx, updated);
      });
    },

    async activateWorkflow(tenantId, workflowId, activateOptions = {}) {
      return tenant(tenantId, async (tx) => {
        const row = await requireWorkflow(tx, workflowId, true);
        const version = activateOptions.version ?? row.latest_version;
        const versionRow = await selectVersion(tx, row.id, version);
        if (versionRow === undefined) throw new WorkflowVersionNotFoundError(row.id, version);
        const isWebhook = versionRow.document.trigger.type === 'webhook';
        const updated = await updateWorkflowRow(
          tx,
          row.id,
          {
            activeVersion: version,
            triggerType: versionRow.document.trigger.type,
            ...(isWebhook && row.webhook_secret === null
              ? { webhookSecret: randomBytes(32).toString('hex') }
              : {}),
          },
          clock.now(),
        );
        return {
          workflow: summaryOf(updated),
          webhookSecret: isWebhook ? updated.webhook_secret : null,
          trigger: versionRow.document.trigger,
        };
      });
    },

    async deactivateWorkflow(tenantId, workflowId) {
      return tenant(tenantId, async (tx) => {
        await requireWorkflow(tx, workflowId, true);
        return summaryOf(await updateWorkflowRow(tx, workflowId, { activeVersion: null }, clock.now()));
      });
    },

    async listWorkflows(tenantId) {
      return tenant(tenantId, async (tx) => (await selectWorkflows(tx)).map(summaryOf));
    },

    async getWorkflow(tenantId, workflowId) {
      return tenant(tenantId, async (tx) => detail(tx, await requireWorkflow(tx, workflowId)));
    },

    async startRun(tenantId, workflowId, startOptions: StartRunOptions) {
      return tenant(tenantId, async (tx) => {
        const row = await requireWorkflow(tx, workflowId);
        const version = startOptions.version ?? row.active_version;
        if (version === null) throw new WorkflowInactiveError(row.id);
        // The cached index (versions are immutable): no round trip for the document.
        const { document } = await runtime.indexOf(tx, row.id, version);
        let input: Json = startOptions.input ?? null;
        if (startOptions.trigger === 'manual' && document.trigger.type === 'manual') {
          const checked = validateManualInput(document.trigger.inputs ?? [], input);
          if (!checked.ok) throw new InvalidRunInputError(checked.problems);
          input = checked.value;
        }
        const { run, repeated } = await startRunInTx(runtime, tx, row, version, {
          trigger: startOptions.trigger,
          input,
          requester: startOptions.requester ?? null,
          ...(startOptions.scheduledFor ? { scheduledFor: startOptions.scheduledFor } : {}),
          ...(startOptions.startKey !== undefined ? { startKey: startOptions.startKey } : {}),
          now: clock.now(),
        });
        return { ...runSummaryOf(run), repeated };
      });
    },

    async getRun(tenantId, runId) {
      return tenant(tenantId, async (tx) => {
        const run = await requireRun(tx, runId);
        const steps = await selectSteps(tx, run.id);
        const events = await selectRunEvents(tx, run.id);
        return runDetailOf(run, steps, events);
      });
    },

    async listRuns(tenantId, listOptions = {}) {
      return tenant(tenantId, async (tx) => (await selectRuns(tx, listOptions)).map(runSummaryOf));
    },

    async cancelRun(tenantId, runId) {
      return tenant(tenantId, async (tx) => {
        const run = await requireRun(tx, runId, true);
        if (!isActive(run.status)) throw new RunStateError(run.id, run.status, 'cancelled');
        await (await transitionOf(tx, run)).finishRun('cancelled', null, null);
        return runSummaryOf((await selectRun(tx, run.id)) as RunRow);
      });
    },

    async retryRun(tenantId, runId) {
      return tenant(tenantId, async (tx) => {
        const run = await requireRun(tx, runId, true);
        if (run.status !== 'failed') throw new RunStateError(run.id, run.status, 'retried');
        const steps = await selectSteps(tx, run.id);
        const revived = stepsToRetry(steps);
        if (revived.leaves.length === 0)
          throw new RunStateError(run.id, 'failed without a failed step', 'retried');
        for (const container of revived.containers) {
          await updateStep(tx, run.id, container.key, { status: 'waiting', error: null });
        }
        for (const step of revived.leaves) {
          await updateStep(tx, run.id, step.key, {
            status: 'pending',
            attempt: 1,
            error: null,
            state: { ...step.state, handled: false },
          });
          await enqueueStepJob(tx, run.id, step.key, null);
        }
        await updateRunStatus(tx, run.id, 'running');
        await appendRunEvents(tx, run.id, clock.now(), [
          { type: 'run.retried', data: { steps: revived.leaves.map((s) => s.key) } },
        ]);
        return runSummaryOf((await selectRun(tx, run.id)) as RunRow);
      });
    },

    async publishEvent(tenantId, event) {
      return tenant(tenantId, async (tx) => {
        const now = clock.now();
        const payload = event.payload ?? null;
        await lockEventName(tx, event.name);
        const kept = await insertPendingEvent(tx, event.name, payload, now);
        const startedRuns: string[] = [];
        for (const listener of await selectEventListeners(tx, event.name)) {
          const trigger = listener.document.trigger;
          if (trigger.type !== 'event') continue;
          if (trigger.filter !== undefined && !filterPasses(trigger.filter, payload, now)) continue;
          const workflow = await requireWorkflow(tx, listener.workflow_id);
          const { run } = await startRunInTx(runtime, tx, workflow, listener.version, {
            trigger: 'event',
            input: payload,
            requester: null,
            now,
          });
          startedRuns.push(run.id);
        }
        let resumedSteps = 0;
        for (const step of await selectEventWaits(tx, event.name)) {
          const run = await selectRun(tx, step.run_id);
          if (run === undefined || !isActive(run.status)) continue;
          const t = await transitionOf(tx, run);
          const node = t.node(step);
          if (node.type !== 'wait') continue;
          if (!eventMatches(node, await t.context(step.scope, step.state), payload, now)) continue;
          if (resumedSteps === 0) await consumeEvent(tx, kept.id, `${run.id}/${step.key}`, now);
          await deliverEvent(t, step, payload);
          resumedSteps++;
        }
        return { startedRuns, resumedSteps };
      });
    },

    async findWebhookTarget(workflowId) {
      if (!UUID.test(workflowId)) return null;
      await worker.ready();
      const { rows } = await options.pool.query<{
        tenant_id: string;
        active: boolean;
        secret: string | null;
        trigger_type: string;
      }>(`SELECT * FROM switchboard_webhook_target($1)`, [workflowId]);
      const row = rows[0];
      if (row === undefined) return null;
      return {
        workflowId,
        tenantId: row.tenant_id,
        active: row.active && row.trigger_type === 'webhook',
        secret: row.secret,
      };
    },

    tasks: createTaskService({ host: runtime, clock, directory, ready: () => worker.ready() }),

    runWorker: (workerOptions) => worker.run(workerOptions ?? {}),
    drain: () => worker.drain(),
    stop: () => worker.stop(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validDocument(document: unknown): WorkflowDocument {
  const result = validate(document);
  if (!result.ok || result.document === undefined) {
    throw new InvalidWorkflowError([...result.errors, ...result.warnings]);
  }
  return result.document;
}

function filterPasses(filter: string, payload: Json, now: Date): boolean {
  try {
    return evaluateExpression(filter, { trigger: payload, event: payload }, { now }) === true;
  } catch {
    return false;
  }
}

/**
 * What retrying a failed run re-runs: failed or cancelled steps (failures already handled by
 * `onError` excluded) whose enclosing containers all failed with them; those containers wait
 * again. Steps that succeeded keep their outputs.
 */
function stepsToRetry(steps: StepRow[]): { leaves: StepRow[]; containers: StepRow[] } {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const failedContainer = (scope: string): boolean => {
    if (scope === '') return true;
    const containerKey = scope.replace(/\.[bi]\d+\/$/, '');
    const container = byKey.get(containerKey);
    return container !== undefined && container.status === 'failed' && failedContainer(container.scope);
  };
  const isContainer = (s: StepRow) => s.node_type === 'parallel' || s.node_type === 'loop';
  const candidates = steps.filter(
    (s) =>
      (s.status === 'failed' || s.status === 'cancelled') &&
      s.state.handled !== true &&
      failedContainer(s.scope),
  );
  return {
    containers: candidates.filter((s) => isContainer(s) && s.status === 'failed'),
    leaves: candidates.filter((s) => !isContainer(s) || s.status === 'cancelled'),
  };
}

function summaryOf(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    triggerType: row.trigger_type,
    latestVersion: row.latest_version,
    activeVersion: row.active_version,
    active: row.active_version !== null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function runSummaryOf(run: RunRow): RunSummary {
  return {
    id: run.id,
    tenantId: run.tenant_id,
    workflowId: run.workflow_id,
    version: run.version,
    status: run.status,
    trigger: run.trigger_kind,
    requester: run.requester,
    output: run.output,
    error:
      run.error === null
        ? null
        : { message: run.error.message, code: run.error.code, node: run.error.node ?? null },
    parentRunId: run.parent_run_id,
    createdAt: run.created_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
  };
}

function runDetailOf(
  run: RunRow,
  steps: StepRow[],
  events: { id: string; at: Date; type: string; step_key: string | null; data: Json }[],
): RunDetail {
  const open = steps.filter((s) => s.status === 'pending' || s.status === 'running');
  const waiting = steps.some((s) => s.status === 'waiting' && !['parallel', 'loop'].includes(s.node_type));
  const status: RunStatus = run.status === 'running' && open.length === 0 && waiting ? 'waiting' : run.status;
  return {
    ...runSummaryOf(run),
    status,
    input: run.input,
    steps: steps.map((s) => ({
      key: s.key,
      node: s.node_id,
      type: s.node_type,
      status: s.status,
      attempt: s.attempt,
      visit: s.visit,
      output: s.output,
      error: s.error === null ? null : { message: s.error.message, code: s.error.code },
      startedAt: s.started_at?.toISOString() ?? null,
      finishedAt: s.finished_at?.toISOString() ?? null,
    })),
    events: events.map((e, i) => ({
      seq: i + 1,
      at: e.at.toISOString(),
      type: e.type,
      step: e.step_key,
      data: e.data,
    })),
  };
}
