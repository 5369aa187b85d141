/**
 * The engine's public API: manage workflows (immutable versions, activation), start and inspect
 * runs, publish events, and run the worker. Surfaces (REST API, CLI, chat) code against this
 * file only; `createEngine` in `engine.ts` implements it.
 */
import type { Json, NodeType, Trigger, TriggerType, WorkflowDocument } from '../graph/index.js';
import type { Executor } from './executor.js';
import type { TaskChannelRouter } from './notifier.js';
import type { PeopleDirectory } from './people-directory.js';
import type { TaskService } from './tasks/api.js';

/** Source of the current time. Production uses the system clock; tests move a fake one. */
export interface Clock {
  now(): Date;
}

/** The logging surface the engine needs; `app/`'s logger fits structurally. */
export interface EngineLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Tunables of the engine; every field has a default. */
export interface EngineConfig {
  /** Most visits of one node per run (per nested scope) before the run fails; default 100. */
  maxVisitsPerNode?: number;
  /** How often an idle worker polls for due jobs (LISTEN/NOTIFY wakes it earlier); default 2 000 ms. */
  pollIntervalMs?: number;
  /**
   * Most transform, decision and end steps a job of a step without side effects runs after its
   * own, in its transaction, instead of enqueueing a job for each; default 32. 0 gives every
   * step a job of its own.
   */
  inlineStepsPerJob?: number;
}

/** Side-effect executors (http, email, chat, record) plugged into the engine. */
export type ExecutorTable = Partial<{ [T in NodeType]: Executor<T> }>;

export interface CreateEngineOptions {
  /** Pool connected as the database owner (runs graphile-worker; tenant work goes through `withTenant`). */
  pool: import('pg').Pool;
  /** Default: the system clock. */
  clock?: Clock;
  /** Executors of node types with side effects; missing ones fail their steps with `node.unsupported`. */
  executors?: ExecutorTable;
  logger?: EngineLogger;
  config?: EngineConfig;
  /**
   * Who is who for approval and form steps: group members (resolved when a task opens),
   * the identities of one person across Slack, Teams and email, where to reach them. Default
   * knows nobody (`noPeopleDirectory`): groups are unknown, every reference is its own person.
   */
  directory?: PeopleDirectory;
  /**
   * Where task notices go (the task channel of each recipient's reference kind; a
   * `NotifierRegistry` fits). Default: the built-in run-log channel for everyone.
   */
  notifier?: TaskChannelRouter;
  /**
   * Called once for every finished top-level run (completed, failed or cancelled), from a durable
   * job that the transaction finishing the run enqueues (migration 0009's trigger on `runs`), so
   * a crash cannot lose the notice; a throw retries the job. Default none. The chat tells owners
   * of failures and requesters of outcomes through it.
   */
  onRunFinished?: (run: RunSummary) => Promise<void>;
}

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
export type RunTriggerKind = 'manual' | 'webhook' | 'schedule' | 'event' | 'subworkflow';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface WorkflowSummary {
  id: string;
  tenantId: string;
  name: string;
  triggerType: TriggerType;
  /** Number of the newest version (1 for a new workflow). */
  latestVersion: number;
  /** The live version, or null when inactive. */
  activeVersion: number | null;
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowVersionSummary {
  version: number;
  createdAt: string;
  createdBy: string | null;
}

export interface WorkflowDetail extends WorkflowSummary {
  /** The document of the newest version. */
  document: WorkflowDocument;
  versions: WorkflowVersionSummary[];
}

export interface CreateWorkflowOptions {
  /** Who created it (a person reference or API key name), for the record. */
  createdBy?: string | null;
}

export interface ActivateOptions {
  /** Version to make live; default the newest. */
  version?: number;
}

export interface ActivationResult {
  workflow: WorkflowSummary;
  /** For webhook triggers: the secret that signs requests (the same across re-activations). */
  webhookSecret: string | null;
  /** The trigger of the version made live (which may be older than the newest), for arming it. */
  trigger: Trigger;
}

export interface StartRunOptions {
  /** The run's `trigger` context: manual inputs, webhook body, event payload, child input. */
  input?: Json;
  /** The person who started it (a reference such as `slack:user/U1`), when known. */
  requester?: string | null;
  trigger: RunTriggerKind;
  /** Run the newest version instead of the active one (manual runs of drafts, `switchboard run`). */
  version?: number;
  /**
   * Schedule runs: the fire time the run is for, recorded in `runs.scheduled_for` (unique per
   * workflow), so a second start of the same fire fails with PostgreSQL's unique violation
   * (code `23505`) instead of starting another run. Default none.
   */
  scheduledFor?: Date;
  /**
   * Names the request that starts the run (1 to 256 characters, unique per workflow; prefix it
   * with its source, e.g. `api:<Idempotency-Key>`). When a run of the workflow already has this
   * key, `startRun` starts nothing and returns that run with `repeated: true`; concurrent starts
   * with one key start one run. The same key with a different input throws
   * `RunStartKeyReusedError`. Default none: every call starts a run.
   */
  startKey?: string;
}

export interface RunEvent {
  /** Position in the run's log, from 1. */
  seq: number;
  at: string;
  /** `run.started`, `step.started`, `step.succeeded`, `step.failed`, `step.retry_scheduled`,
   * `step.waiting`, `step.resumed`, `run.completed`, `run.failed`, `run.cancelled`, … */
  type: string;
  /** Step key (`<scope><node>#<visit>`) for step events. */
  step: string | null;
  data: Json;
}

export interface StepView {
  /** `<scope><node id>#<visit>`, e.g. `fetch#1`, `each.i2/reserve#1`. */
  key: string;
  node: string;
  type: NodeType;
  status: StepStatus;
  attempt: number;
  visit: number;
  output: Json | null;
  error: { message: string; code: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunSummary {
  id: string;
  tenantId: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  trigger: RunTriggerKind;
  requester: string | null;
  output: Json | null;
  error: { message: string; code: string; node: string | null } | null;
  parentRunId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What `startRun` returns: the run, and whether an earlier start with the same key made it. */
export interface StartedRun extends RunSummary {
  /** True when `startKey` found the run an earlier start made (nothing new was started). */
  repeated: boolean;
}

export interface RunDetail extends RunSummary {
  input: Json;
  steps: StepView[];
  events: RunEvent[];
}

export interface PublishEventInput {
  name: string;
  payload?: Json;
}

export interface PublishEventResult {
  /** Runs started by event-triggered workflows. */
  startedRuns: string[];
  /** Waiting steps the event resumed (0 when it was kept for a later wait). */
  resumedSteps: number;
}

export interface WebhookTarget {
  workflowId: string;
  tenantId: string;
  active: boolean;
  /** Null until the workflow was first activated with a webhook trigger. */
  secret: string | null;
}

export interface WorkerOptions {
  /** Jobs processed at once; default 4. */
  concurrency?: number;
  /** How often the worker records its heartbeat; default 10 000 ms. */
  heartbeatIntervalMs?: number;
  /**
   * A worker (of any process) whose heartbeat is older than this is dead, and its jobs are
   * released to the others; default 45 000 ms, so that with the sweep running every quarter of it
   * a dead worker's jobs are free within 60 s. Keep it well above `heartbeatIntervalMs`.
   */
  deadWorkerAfterMs?: number;
}

export interface Engine {
  createWorkflow(
    tenantId: string,
    document: unknown,
    options?: CreateWorkflowOptions,
  ): Promise<WorkflowDetail>;
  /** Adds a new immutable version; the active version stays live until activated again. */
  updateWorkflow(tenantId: string, workflowId: string, document: unknown): Promise<WorkflowDetail>;
  activateWorkflow(
    tenantId: string,
    workflowId: string,
    options?: ActivateOptions,
  ): Promise<ActivationResult>;
  /** Stops new runs (triggers off); running ones continue on their pinned version. */
  deactivateWorkflow(tenantId: string, workflowId: string): Promise<WorkflowSummary>;
  listWorkflows(tenantId: string): Promise<WorkflowSummary[]>;
  getWorkflow(tenantId: string, workflowId: string): Promise<WorkflowDetail>;

  /**
   * Starts a run of the active version (or `options.version`); throws `WorkflowInactiveError` when
   * none. With `options.startKey`, a repeated start returns the first start's run instead.
   */
  startRun(tenantId: string, workflowId: string, options: StartRunOptions): Promise<StartedRun>;
  getRun(tenantId: string, runId: string): Promise<RunDetail>;
  listRuns(tenantId: string, options?: { workflowId?: string; limit?: number }): Promise<RunSummary[]>;
  /** Removes pending jobs, closes waits, marks the run (and its child runs) cancelled. */
  cancelRun(tenantId: string, runId: string): Promise<RunSummary>;
  /** Re-runs a failed run from its failed step(s), keeping completed steps' outputs. */
  retryRun(tenantId: string, runId: string): Promise<RunSummary>;

  /** Starts matching event-triggered workflows and feeds waiting (or later) `wait.event` steps. */
  publishEvent(tenantId: string, event: PublishEventInput): Promise<PublishEventResult>;
  /** For `POST /hooks/:workflowId`: which tenant owns it, whether it is live, its secret. Null if unknown. */
  findWebhookTarget(workflowId: string): Promise<WebhookTarget | null>;

  /** Human tasks (approvals, forms): list, read, decide, delegate, submit. */
  readonly tasks: TaskService;

  /** Starts processing jobs in this process (also heartbeats and releases dead workers' jobs). */
  runWorker(options?: WorkerOptions): Promise<void>;
  /**
   * Processes every job due at `clock.now()` until none is left, then resolves (tests and
   * `switchboard run`); jobs due later stay queued.
   */
  drain(): Promise<void>;
  /** Stops the worker (waiting for in-flight jobs); the pool stays open. */
  stop(): Promise<void>;
}
