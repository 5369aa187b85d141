/**
 * A tolerant reading of the input as graphs of nodes, built once and shared by every check.
 *
 * The input need not satisfy the schema: the validator reports every problem in one round, so
 * ids, edges, reachability and expressions are checked on whatever node-shaped objects there
 * are. The registry's accessors are called on the raw nodes; what they return is kept only where
 * it has the expected type, and an accessor that throws on a malformed node yields nothing. When
 * the successors of some node of a graph cannot be read, the graph is marked `edgesKnown: false`
 * and the checks that need every edge (reachability, cycles, step order) skip it rather than
 * report consequences of a mistake already reported by the schema.
 */
import { escapePointer } from '../nodes/spec.js';
import {
  type Edge,
  type ExpressionSite,
  edgesOf,
  expressionsOf,
  isNodeType,
  NODE_SPECS,
  type ReferenceSite,
  referencesOf,
} from '../registry.js';
import type { Node, NodeType } from '../schema/node.js';

/** Graphs nested deeper than this are not read (the schema check reports the document). */
export const MAX_GRAPH_DEPTH = 32;

export type RawObject = Record<string, unknown>;

export interface NodeEntry {
  /** Absolute pointer of the node, e.g. `/nodes/3/branches/0/nodes/1`. */
  pointer: string;
  /** Position in its graph's list. */
  index: number;
  raw: RawObject;
  /** `raw.id` when it is a string (even a malformed one). */
  id: string | undefined;
  /** `raw.type` when it is a known node type. */
  type: NodeType | undefined;
  graph: GraphEntry;
  /** Edges with a string target; pointers relative to the node. */
  edges: Edge[];
  /** Expression and template sites with a string source; pointers relative to the node. */
  sites: ExpressionSite[];
  /** Reference sites with a string reference; pointers relative to the node. */
  references: ReferenceSite[];
  /** Nested graphs (parallel branches, loop body). */
  children: GraphEntry[];
}

export interface GraphEntry {
  /** Absolute pointer of the node list, e.g. `/nodes` or `/nodes/3/nodes`. */
  pointer: string;
  /** The object elements of the list; others were reported by the schema check. */
  nodes: NodeEntry[];
  /** The parallel or loop node holding this graph; undefined for the top-level graph. */
  container: NodeEntry | undefined;
  /** Variables bound here and in enclosing graphs (loop `as` names and `index`). */
  bindings: string[];
  /** False when some node's successors could not be read, or the list has non-object elements. */
  edgesKnown: boolean;
  /** Whether the list has no elements at all. */
  empty: boolean;
}

export interface DocumentModel {
  /** The input when it is an object. */
  root: RawObject | undefined;
  /** `root.trigger` when it is an object. */
  trigger: RawObject | undefined;
  /** Every graph, the top-level one first, then in document order. */
  graphs: GraphEntry[];
  /** Every node, in document order (depth first). */
  nodes: NodeEntry[];
  /** Nodes by id, in document order; more than one entry means a duplicate id. */
  byId: Map<string, NodeEntry[]>;
  /** Nodes by their absolute pointer. */
  byPointer: Map<string, NodeEntry>;
  /** Pointers where nesting went deeper than MAX_GRAPH_DEPTH. */
  tooDeep: string[];
}

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the input as graphs of nodes; never throws. */
export function readDocument(input: unknown): DocumentModel {
  const model: DocumentModel = {
    root: isObject(input) ? input : undefined,
    trigger: isObject(input) && isObject(input.trigger) ? input.trigger : undefined,
    graphs: [],
    nodes: [],
    byId: new Map(),
    byPointer: new Map(),
    tooDeep: [],
  };
  const visited = new WeakSet<object>();
  const nodes = model.root?.nodes;
  if (Array.isArray(nodes)) readGraph(model, visited, nodes, '/nodes', undefined, [], 0);
  return model;
}

function readGraph(
  model: DocumentModel,
  visited: WeakSet<object>,
  list: unknown[],
  pointer: string,
  container: NodeEntry | undefined,
  bindings: string[],
  depth: number,
): GraphEntry | undefined {
  if (visited.has(list)) return undefined;
  visited.add(list);
  if (depth > MAX_GRAPH_DEPTH) {
    model.tooDeep.push(pointer);
    return undefined;
  }
  const graph: GraphEntry = {
    pointer,
    nodes: [],
    container,
    bindings,
    edgesKnown: true,
    empty: list.length === 0,
  };
  model.graphs.push(graph);
  list.forEach((raw, index) => {
    if (!isObject(raw)) {
      graph.edgesKnown = false;
      return;
    }
    const entry = readNode(raw, `${pointer}/${index}`, index, graph);
    graph.nodes.push(entry);
    model.nodes.push(entry);
    model.byPointer.set(entry.pointer, entry);
    if (entry.id !== undefined) {
      const same = model.byId.get(entry.id);
      if (same === undefined) model.byId.set(entry.id, [entry]);
      else same.push(entry);
    }
    for (const child of nestedGraphs(entry)) {
      const nested = readGraph(
        model,
        visited,
        child.nodes,
        `${entry.pointer}${child.pointer}`,
        entry,
        [...bindings, ...child.bindings],
        depth + 1,
      );
      if (nested !== undefined) entry.children.push(nested);
    }
  });
  return graph;
}

function readNode(raw: RawObject, pointer: string, index: number, graph: GraphEntry): NodeEntry {
  const type = isNodeType(raw.type) ? raw.type : undefined;
  const entry: NodeEntry = {
    pointer,
    index,
    raw,
    id: typeof raw.id === 'string' ? raw.id : undefined,
    type,
    graph,
    edges: [],
    sites: [],
    references: [],
    children: [],
  };
  const edges = type === undefined ? genericEdges(raw) : typedEdges(raw as Node);
  entry.edges = edges.edges;
  if (!edges.known) graph.edgesKnown = false;
  if (type !== undefined) {
    entry.sites = attempt(() => expressionsOf(raw as Node)).filter(
      (site) => typeof site.source === 'string' && site.bindings.every((b) => typeof b === 'string'),
    );
    entry.references = attempt(() => referencesOf(raw as Node)).filter(
      (site) => typeof site.reference === 'string',
    );
  }
  return entry;
}

interface ReadEdges {
  edges: Edge[];
  known: boolean;
}

function typedEdges(raw: Node): ReadEdges {
  let edges: Edge[];
  try {
    edges = edgesOf(raw);
  } catch {
    return { edges: [], known: false };
  }
  const usable = edges.filter((edge) => typeof edge.target === 'string');
  return { edges: usable, known: usable.length === edges.length };
}

/**
 * An unknown node type: its edges are read from the fields that hold edges in the node types
 * (`next` as an id or an object of ids, `default`, `cases[].next`, `onTimeout`, `onError`), so
 * that a misnamed type does not make the nodes after it look unreachable.
 */
function genericEdges(raw: RawObject): ReadEdges {
  const found: Array<{ pointer: string; value: unknown; label: string }> = [];
  const next = raw.next;
  if (isObject(next)) {
    for (const [key, value] of Object.entries(next))
      found.push({ pointer: `/next/${segment(key)}`, value, label: key });
  } else {
    found.push({ pointer: '/next', value: next, label: 'next' });
  }
  found.push({ pointer: '/default', value: raw.default, label: 'default' });
  if (Array.isArray(raw.cases)) {
    raw.cases.forEach((c, i) => {
      found.push({ pointer: `/cases/${i}/next`, value: isObject(c) ? c.next : c, label: `case ${i + 1}` });
    });
  }
  found.push({ pointer: '/onTimeout', value: raw.onTimeout, label: 'on timeout' });
  found.push({ pointer: '/onError', value: raw.onError, label: 'on error' });
  const present = found.filter((edge) => edge.value !== undefined);
  const edges = present.flatMap((edge) =>
    typeof edge.value === 'string' ? [{ pointer: edge.pointer, target: edge.value, label: edge.label }] : [],
  );
  return { edges, known: edges.length === present.length };
}

interface RawSubgraph {
  pointer: string;
  nodes: unknown[];
  bindings: string[];
}

function nestedGraphs(entry: NodeEntry): RawSubgraph[] {
  if (entry.type === undefined) return [];
  const spec = NODE_SPECS[entry.type];
  const declared = attempt(() => spec.graphs(entry.raw as Node) as unknown as RawSubgraph[]);
  return declared
    .filter((graph) => Array.isArray(graph.nodes))
    .map((graph) => ({
      pointer: graph.pointer,
      nodes: graph.nodes,
      bindings: (Array.isArray(graph.bindings) ? graph.bindings : []).filter(
        (name): name is string => typeof name === 'string',
      ),
    }));
}

/** The accessor's result, or nothing when it throws on a malformed node. */
function attempt<T>(read: () => T[]): T[] {
  try {
    const result = read();
    return Array.isArray(result) ? result : [];
  } catch {
    return [];
  }
}

/** A pointer segment for a key; the same escaping the registry uses. */
function segment(key: string): string {
  return escapePointer(key);
}
