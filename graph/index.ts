/**
 * The workflow language (GRAPH.md version 1): schema, registry of node types, validator,
 * expressions and templates, JSON Schema export, describe, diff and layout. Pure: no I/O.
 * Other folders import only this file.
 */

export {
  DESCRIBE_LOCALES,
  type DescribedGroup,
  type DescribedPerson,
  type DescribedStep,
  type DescribedTransition,
  type DescribedTrigger,
  type DescribeLocale,
  type DescribeOptions,
  type DescribeWarning,
  type DescribeWarningCode,
  type Description,
  describe,
} from './describe/index.js';
export {
  DIFF_LOCALES,
  type DiffLocale,
  diff,
  type FieldChange,
  hasChanges,
  type StepChange,
  type StepLocation,
  type StepMove,
  type StepReference,
  type SummarizeOptions,
  summarizeDiff,
  type WorkflowDiff,
} from './diff/index.js';
export { durationInWords, parseDuration } from './duration.js';
export {
  analyzeExpression,
  analyzeTemplate,
  CONTEXT_ROOTS,
  type CompiledExpression,
  type CompiledTemplate,
  type EvaluateOptions,
  type ExpressionContext,
  ExpressionError,
  ExpressionEvaluationError,
  ExpressionLimitError,
  ExpressionSyntaxError,
  evaluateExpression,
  parseExpression,
  parseTemplate,
  renderJsonTemplate,
  renderTemplate,
} from './expression/index.js';
export {
  decodeLlmOutput,
  encodeForLlm,
  type JsonSchema,
  JsonSchemaExportError,
  jsonSchemaFor,
  LLM_SCHEMA_VARIANTS,
  LlmOutputDecodeError,
  type LlmSchemaVariant,
} from './json-schema/index.js';
export {
  type Layout,
  type LayoutEdge,
  type LayoutNode,
  type LayoutNodeType,
  type LayoutPoint,
  layout,
  TRIGGER_ID as LAYOUT_TRIGGER_ID,
} from './layout/index.js';
export {
  canonicalReference,
  isPersonReference,
  type ParsedReference,
  parseReference,
  REFERENCE_FORMS,
} from './reference.js';
export type { Edge, ExpressionSite, NodeLike, ReferenceSite, Subgraph, TextSite } from './registry.js';
export {
  edgesOf,
  expressionsOf,
  graphsOf,
  isNodeType,
  NODE_SPECS,
  NODE_TYPES,
  nodeSpec,
  referencesOf,
  textsOf,
} from './registry.js';
export { DEFAULT_RETRY, type Json, type RetryPolicy } from './schema/common.js';
export { DOCUMENT_SCHEMA_ID, WorkflowDocument } from './schema/document.js';
export { Node, NodeList, type NodeOf, type NodeType } from './schema/node.js';
export { type ManualInput, Trigger, type TriggerType } from './schema/triggers.js';
export {
  PROBLEM_CODES,
  type Problem,
  type ProblemCode,
  type ValidationResult,
  validate,
} from './validate/index.js';
