import {
  InvalidTaskInputError,
  NotAnAssigneeError,
  TaskClosedError,
  TaskNotFoundError,
} from '../../engine/index.js';

/**
 * The task service's errors as the REST API and the task page answer them: `TaskNotFoundError`
 * 404, `NotAnAssigneeError` 403, `TaskClosedError` 409 (with the outcome and who closed it),
 * `InvalidTaskInputError` 422 (with the problems).
 */
export type TaskErrorKind = 'not_found' | 'not_assignee' | 'closed' | 'invalid';

export const TASK_ERROR_STATUS: Record<TaskErrorKind, number> = {
  not_found: 404,
  not_assignee: 403,
  closed: 409,
  invalid: 422,
};

/** Which task error `error` is, or undefined for any other. */
export function taskErrorKind(error: unknown): TaskErrorKind | undefined {
  if (error instanceof TaskNotFoundError) return 'not_found';
  if (error instanceof NotAnAssigneeError) return 'not_assignee';
  if (error instanceof TaskClosedError) return 'closed';
  if (error instanceof InvalidTaskInputError) return 'invalid';
  return undefined;
}

/** `{ outcome, closedBy, closedAt }` of a `TaskClosedError`, so callers learn what happened; else undefined. */
export function taskErrorDetails(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof TaskClosedError)) return undefined;
  return { outcome: error.outcome, closedBy: error.closedBy, closedAt: error.closedAt };
}
