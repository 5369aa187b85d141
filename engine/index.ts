/**
 * Durable execution of workflows on PostgreSQL and graphile-worker. Other folders import only
 * this file.
 */
export { EngineError, PermanentStepError, RetryableStepError, StepError } from './errors.js';
export type { Executor, RunContext, StepInput, StepResult } from './executor.js';
