/**
 * Durable execution of workflows on PostgreSQL and graphile-worker. Other folders import only
 * this file.
 */
export type {
  ActivateOptions,
  ActivationResult,
  Clock,
  CreateEngineOptions,
  CreateWorkflowOptions,
  Engine,
  EngineConfig,
  EngineLogger,
  ExecutorTable,
  PublishEventInput,
  PublishEventResult,
  RunDetail,
  RunEvent,
  RunStatus,
  RunSummary,
  RunTriggerKind,
  StartRunOptions,
  StepStatus,
  StepView,
  WebhookTarget,
  WorkerOptions,
  WorkflowDetail,
  WorkflowSummary,
  WorkflowVersionSummary,
} from './api.js';
export { createEngine } from './engine.js';
export {
  EngineError,
  InvalidRunInputError,
  InvalidWorkflowError,
  PermanentStepError,
  RetryableStepError,
  RunNotFoundError,
  RunStateError,
  StepError,
  WorkflowInactiveError,
  WorkflowNotFoundError,
  WorkflowVersionNotFoundError,
} from './errors.js';
export type { Executor, RunContext, StepInput, StepResult } from './executor.js';
export { createChatExecutor } from './nodes/chat.js';
export { createEmailExecutor } from './nodes/email.js';
export { createHttpExecutor } from './nodes/http.js';
export { createLlmExecutor, LLM_NODE_PURPOSE, type LlmExecutorOptions } from './nodes/llm.js';
export { createRecordExecutor } from './nodes/record.js';
export {
  createNotifierRegistry,
  createRunLogChannel,
  type Notifier,
  type NotifierChannel,
} from './notifier.js';
export { noPeopleDirectory, type PeopleDirectory } from './people-directory.js';
export * from './triggers/index.js';
