/**
 * The one registry of node types. The schema (`schema/node.ts`), the validator, `describe`, the
 * planner's catalogue and the engine all enumerate node types through here.
 */
import { approval } from './nodes/approval.js';
import { chat } from './nodes/chat.js';
import { decision } from './nodes/decision.js';
import { email } from './nodes/email.js';
import { end } from './nodes/end.js';
import { form } from './nodes/form.js';
import { http } from './nodes/http.js';
import { llm } from './nodes/llm.js';
import { loop } from './nodes/loop.js';
import { parallel } from './nodes/parallel.js';
import { record } from './nodes/record.js';
import type {
  Edge,
  ExpressionSite,
  NodeLike,
  NodeSpec,
  ReferenceSite,
  Subgraph,
  TextSite,
} from './nodes/spec.js';
import { subworkflow } from './nodes/subworkflow.js';
import { transform } from './nodes/transform.js';
import { wait } from './nodes/wait.js';
// Loaded for its effect too: it provides the schema of nested graphs (see schema/body.ts).
import type { Node, NodeOf, NodeType } from './schema/node.js';
import './schema/node.js';

export const NODE_SPECS: { [T in NodeType]: NodeSpec } = {
  decision,
  approval,
  form,
  email,
  chat,
  http,
  record,
  transform,
  wait,
  parallel,
  loop,
  llm,
  subworkflow,
  end,
} as { [T in NodeType]: NodeSpec };

export const NODE_TYPES = Object.keys(NODE_SPECS) as NodeType[];

/** The spec of a node type; its accessors take nodes of that type. */
export function nodeSpec<T extends NodeType>(type: T): NodeSpec & { example: NodeOf<T> } {
  return NODE_SPECS[type] as NodeSpec & { example: NodeOf<T> };
}

/** Every edge leaving the node, including the common `onError`. */
export function edgesOf(node: Node): Edge[] {
  const edges = NODE_SPECS[node.type].edges(node);
  return node.onError === undefined
    ? edges
    : [...edges, { pointer: '/onError', target: node.onError, label: 'on error' }];
}

export function graphsOf(node: Node): Subgraph[] {
  return NODE_SPECS[node.type].graphs(node);
}

export function expressionsOf(node: Node): ExpressionSite[] {
  return NODE_SPECS[node.type].expressions(node);
}

/** Translatable texts of the node, including its `name`. */
export function textsOf(node: Node): TextSite[] {
  const texts = NODE_SPECS[node.type].texts(node);
  return node.name === undefined ? texts : [{ pointer: '/name', text: node.name }, ...texts];
}

export function referencesOf(node: Node): ReferenceSite[] {
  return NODE_SPECS[node.type].references(node);
}

export function isNodeType(type: unknown): type is NodeType {
  return typeof type === 'string' && Object.hasOwn(NODE_SPECS, type);
}

export type { Edge, ExpressionSite, NodeLike, ReferenceSite, Subgraph, TextSite };
