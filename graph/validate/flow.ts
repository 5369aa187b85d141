/**
 * How control flows through each graph: successors resolved to nodes of the same graph,
 * reachability from the entry, cycles, and "can this node lead to that one". Built once per
 * validation and shared by the structure checks and the step-order check.
 */
import type { DocumentModel, GraphEntry, NodeEntry } from './model.js';
import { stronglyConnected } from './scc.js';

export interface GraphFlow {
  graph: GraphEntry;
  /** Position of each node in `graph.nodes`. */
  position: Map<NodeEntry, number>;
  /** Nodes of the graph by id (several when an id is duplicated; each counts as the target). */
  local: Map<string, NodeEntry[]>;
  /** successors[i]: positions the node at position i leads to, by any edge. */
  successors: number[][];
  /** Whether the first element of the list is a node, so reachability can be computed. */
  hasEntry: boolean;
  /** reachable[i]: a path from the entry leads to the node at position i. */
  reachable: boolean[];
  components: number[][];
  component: number[];
  /** inCycle[i]: the node can be reached again from itself. */
  inCycle: boolean[];
  /** Whether `from` leads to `to` through at least one edge. */
  leadsTo(from: NodeEntry, to: NodeEntry): boolean;
}

export type Flows = Map<GraphEntry, GraphFlow>;

export function analyzeFlows(model: DocumentModel): Flows {
  const flows: Flows = new Map();
  for (const graph of model.graphs) flows.set(graph, analyzeGraph(graph));
  return flows;
}

function analyzeGraph(graph: GraphEntry): GraphFlow {
  const position = new Map<NodeEntry, number>();
  const local = new Map<string, NodeEntry[]>();
  graph.nodes.forEach((node, i) => {
    position.set(node, i);
    if (node.id === undefined) return;
    const same = local.get(node.id);
    if (same === undefined) local.set(node.id, [node]);
    else same.push(node);
  });
  const successors = graph.nodes.map((node) => {
    const targets = new Set<number>();
    for (const edge of node.edges) {
      for (const target of local.get(edge.target) ?? []) targets.add(position.get(target)!);
    }
    return [...targets];
  });
  const hasEntry = graph.nodes[0]?.index === 0;
  const reachable = hasEntry ? reach(successors, [0]) : graph.nodes.map(() => false);
  const { components, component } = stronglyConnected(successors);
  const inCycle = successors.map(
    (targets, i) => components[component[i]!]!.length > 1 || targets.includes(i),
  );
  let descendants: Uint32Array[] | undefined;
  const leadsTo = (from: NodeEntry, to: NodeEntry): boolean => {
    const start = position.get(from);
    const end = position.get(to);
    if (start === undefined || end === undefined) return false;
    const a = component[start]!;
    const b = component[end]!;
    if (a === b) return inCycle[start]!;
    descendants ??= componentDescendants(components, component, successors);
    return (descendants[a]![b >>> 5]! & (1 << (b & 31))) !== 0;
  };
  return { graph, position, local, successors, hasEntry, reachable, components, component, inCycle, leadsTo };
}

/** Breadth-first: which positions the starts lead to (the starts included). */
export function reach(successors: readonly (readonly number[])[], starts: readonly number[]): boolean[] {
  const seen = new Array<boolean>(successors.length).fill(false);
  const queue: number[] = [];
  for (const start of starts) {
    if (!seen[start]) {
      seen[start] = true;
      queue.push(start);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const next of successors[queue[head]!]!) {
      if (!seen[next]) {
        seen[next] = true;
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * For each component, the set of components reachable from it (itself excluded unless through
 * a cycle, which within a component is handled apart), as bitsets. Tarjan lists components
 * successors first, so one pass in that order sees every successor's set complete.
 */
function componentDescendants(
  components: readonly (readonly number[])[],
  component: readonly number[],
  successors: readonly (readonly number[])[],
): Uint32Array[] {
  const words = (components.length + 31) >>> 5;
  const sets = components.map(() => new Uint32Array(words));
  components.forEach((members, c) => {
    const set = sets[c]!;
    for (const member of members) {
      for (const target of successors[member]!) {
        const t = component[target]!;
        if (t === c) continue;
        set[t >>> 5]! |= 1 << (t & 31);
        const inherited = sets[t]!;
        for (let w = 0; w < words; w++) set[w]! |= inherited[w]!;
      }
    }
  });
  return sets;
}
