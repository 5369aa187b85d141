/**
 * The LLM client's public API: one client for every call (`generateObject`, `generateText`),
 * with provider fail-over, usage/cost recording through an `LlmCallRecorder`, and Langfuse
 * tracing. Other folders import only this.
 */

export { createLlmClient, DEFAULT_MAX_OUTPUT_TOKENS, realClock } from './client.js';
export {
  DEFAULT_MODELS,
  DEFAULT_PRICES,
  type LlmConfigProblem,
  type LlmVariables,
  llmConfigFromVariables,
  llmConfigProblems,
  PROVIDER_NAMES,
} from './config.js';
export { costOf } from './cost.js';
export {
  LlmCallError,
  LlmError,
  LlmNotConfiguredError,
  LlmOutputInvalidError,
  LlmUnavailableError,
  type OutputIssue,
  PROVIDER_VARIABLES,
  type ProviderFailure,
} from './errors.js';
export type {
  CallContext,
  CreateLlmClientOptions,
  GenerateObjectRequest,
  GenerateTextRequest,
  LangfuseSettings,
  LlmCallRecord,
  LlmCallRecorder,
  LlmClient,
  LlmClock,
  LlmConfig,
  LlmMessage,
  LlmProviderName,
  LlmResult,
  LlmUsage,
  ModelPrice,
  PromptRef,
  ProviderSettings,
  SystemPart,
  WireFormat,
} from './types.js';
export { defaultWireFormat, strictJsonSchema, withoutNulls } from './wire.js';
