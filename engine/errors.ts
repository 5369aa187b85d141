import type { Problem } from '../graph/index.js';

/**
 * Errors of the engine. Every class has a stable `code`. Step failures say whether trying again
 * can help: `RetryableStepError` (network, 5xx, 429 — optionally with the delay the other side
 * asked for) or `PermanentStepError` (4xx, invalid data); the engine retries only the first kind
 * and follows the node's retry policy.
 */

/** Base class of every error thrown by `engine/`. */
export class EngineError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A step attempt failed. `code` says how, e.g. `http.status_503`, `email.smtp_rejected`. */
export abstract class StepError extends EngineError {
  abstract readonly retryable: boolean;
}

/** Trying again may succeed; `retryAfterMs` is the delay the other side asked for, if any. */
export class RetryableStepError extends StepError {
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(code, message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Trying again cannot help (bad request, refused destination, invalid data). */
export class PermanentStepError extends StepError {
  readonly retryable = false;
}

/** A workflow document failed validation; `problems` lists every error (and warning). */
export class InvalidWorkflowError extends EngineError {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      'workflow.invalid',
      `The workflow document has ${errors.length} error(s); fix them and submit it again: ${errors
        .slice(0, 3)
        .map((p) => `${p.pointer || '/'} ${p.message}`)
        .join('; ')}`,
    );
    this.problems = problems;
  }
}

/** No workflow with this id in the tenant. */
export class WorkflowNotFoundError extends EngineError {
  constructor(workflowId: string) {
    super('workflow.not_found', `No workflow ${workflowId} in this tenant; check the id.`);
  }
}

/** The workflow has no such version. */
export class WorkflowVersionNotFoundError extends EngineError {
  constructor(workflowId: string, version: number) {
    super('workflow.version_not_found', `Workflow ${workflowId} has no version ${version}.`);
  }
}

/** The workflow is not active, so its triggers cannot start runs. */
export class WorkflowInactiveError extends EngineError {
  constructor(workflowId: string) {
    super('workflow.inactive', `Workflow ${workflowId} is not active; activate it first.`);
  }
}

/** No run with this id in the tenant. */
export class RunNotFoundError extends EngineError {
  constructor(runId: string) {
    super('run.not_found', `No run ${runId} in this tenant; check the id.`);
  }
}

/** Manual inputs do not fit the trigger's declared `inputs`. */
export class InvalidRunInputError extends EngineError {
  readonly problems: { key: string; message: string }[];

  constructor(problems: { key: string; message: string }[]) {
    super(
      'run.invalid_input',
      `The run input is not valid: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`,
    );
    this.problems = problems;
  }
}

/**
 * A start key (`StartRunOptions.startKey`) already started a run of the workflow with another
 * input: the request is not a repeat of the first one. Nothing was started.
 */
export class RunStartKeyReusedError extends EngineError {
  readonly runId: string;

  constructor(runId: string, startKey: string) {
    super(
      'run.start_key_reused',
      `The start key "${startKey}" already started run ${runId} with a different input; repeat a start with the same input, or use a new key for a new run.`,
    );
    this.runId = runId;
  }
}

/** A start key that the runs table cannot hold (empty, or longer than `MAX_START_KEY_LENGTH`). */
export class InvalidStartKeyError extends EngineError {
  constructor(length: number, max: number) {
    super(
      'run.invalid_start_key',
      `A start key must be 1 to ${max} characters long, not ${length}; hash longer request ids.`,
    );
  }
}

/** The run is not in a state that allows the operation (cancel a finished run, retry a completed one). */
export class RunStateError extends EngineError {
  constructor(runId: string, status: string, operation: string) {
    super('run.invalid_state', `Run ${runId} is ${status}; it cannot be ${operation}.`);
  }
}

/** No task with this id in the tenant. */
export class TaskNotFoundError extends EngineError {
  constructor(taskId: string) {
    super('task.not_found', `No task ${taskId} in this tenant; check the id.`);
  }
}

/**
 * The person may not act on the task: not designated (nor a delegate of someone who is), not
 * their turn yet (sequential), or the run's requester on an approval without allowSelfApproval.
 * Nothing was recorded.
 */
export class NotAnAssigneeError extends EngineError {
  constructor(message: string) {
    super('task.not_assignee', message);
  }
}

/** The task already has an outcome; says which and who decided. Nothing was recorded. */
export class TaskClosedError extends EngineError {
  readonly outcome: string;
  readonly closedBy: string | null;
  readonly closedAt: string | null;

  constructor(taskId: string, outcome: string, closedBy: string | null, closedAt: string | null) {
    super(
      'task.closed',
      `Task ${taskId} is already closed: ${outcome}${closedBy && closedBy !== 'engine' ? ` by ${closedBy}` : ''}${
        closedAt ? ` at ${closedAt}` : ''
      }. Nothing was recorded.`,
    );
    this.outcome = outcome;
    this.closedBy = closedBy;
    this.closedAt = closedAt;
  }
}

/** What was sent to a task is not acceptable (a rejection without comment, bad form values); nothing was recorded. */
export class InvalidTaskInputError extends EngineError {
  readonly problems: { key: string; message: string }[];

  constructor(problems: { key: string; message: string }[]) {
    super(
      'task.invalid_input',
      `The task input is not valid: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`,
    );
    this.problems = problems;
  }
}
