/**
 * The workflow language (GRAPH.md version 1): schema, registry of node types, validator,
 * expressions and templates, JSON Schema export, describe, diff and layout. Pure: no I/O.
 * Other folders import only this file.
 */
export { durationInWords, parseDuration } from './duration.js';
export { isPersonReference, type ParsedReference, parseReference, REFERENCE_FORMS } from './reference.js';
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
