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
  StartedRun,
  StartRunOptions,
  StepStatus,
  StepView,
  WebhookTarget,
  WorkerOptions,
  WorkflowDetail,
  WorkflowSummary,
  WorkflowVersionSummary,
} from './api.js';
export { escapeHtml } from './email/markdown.js';
export { createEngine } from './engine.js';
export {
  EngineError,
  InvalidRunInputError,
  InvalidStartKeyError,
  InvalidTaskInputError,
  InvalidWorkflowError,
  NotAnAssigneeError,
  PermanentStepError,
  RetryableStepError,
  RunNotFoundError,
  RunStartKeyReusedError,
  RunStateError,
  StepError,
  TaskClosedError,
  TaskNotFoundError,
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
  type NotifierRegistry,
  type ReferenceKind,
  type TaskChannelRouter,
} from './notifier.js';
export { noPeopleDirectory, type PeopleDirectory } from './people-directory.js';
export type {
  DecideInput,
  DelegateInput,
  ListTasksQuery,
  SubmitInput,
  TaskChannel,
  TaskChannelName,
  TaskCopy,
  TaskDecision,
  TaskFormField,
  TaskKind,
  TaskNoticeKind,
  TaskOutcome,
  TaskService,
  TaskStatus,
  TaskView,
} from './tasks/api.js';
export {
  createEmailTaskChannel,
  type EmailTaskChannelOptions,
  TASK_LINK_PATH,
} from './tasks/email-channel.js';
export { personLabel, TASK_OUTCOME_WORDS } from './tasks/words.js';
export * from './triggers/index.js';
