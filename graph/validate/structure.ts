/**
 * Rules about the shape of the graphs: unique ids, edges that land in their own graph, no empty
 * graphs, every node reachable from its graph's first node, and no cycle without a way out.
 */
import { NODE_SPECS } from '../registry.js';
import { didYouMean } from './closest.js';
import type { Flows, GraphFlow } from './flow.js';
import type { DocumentModel, GraphEntry, NodeEntry } from './model.js';
import type { Report } from './problems.js';
import { fieldPath, nodeLabel } from './wording.js';

/** Ids are unique across the document, nested graphs included. */
export function checkUniqueIds(model: DocumentModel, report: Report): void {
  for (const [id, nodes] of model.byId) {
    const first = nodes[0]!;
    for (const node of nodes.slice(1)) {
      report(
        'id.duplicate',
        `${node.pointer}/id`,
        `${nodeLabel(node)} uses the id "${id}", which ${first.pointer.slice(1)} already has. Ids must be unique in the whole document, nested graphs included: rename one of them (e.g. "${id}_2") and update the edges that should lead to it.`,
      );
    }
  }
}

const LIST_LIMIT = 40;

/** Every edge names a node of the same graph. */
export function checkEdgeTargets(model: DocumentModel, flows: Flows, report: Report): void {
  for (const node of model.nodes) {
    const flow = flows.get(node.graph);
    // The edges of a node of unknown type are guesses: used for reachability, not judged.
    if (flow === undefined || node.type === undefined) continue;
    for (const edge of node.edges) {
      if (flow.local.has(edge.target)) continue;
      const field = fieldPath(edge.pointer.slice(1).split('/'));
      const elsewhere = model.byId.get(edge.target)?.[0];
      if (elsewhere !== undefined) {
        report(
          'edge.cross_graph',
          `${node.pointer}${edge.pointer}`,
          `${nodeLabel(node)} field "${field}" names "${edge.target}", which is in another graph (${elsewhere.pointer.slice(1)}). Edges stay within their graph: a parallel branch or loop body cannot jump out and the enclosing graph cannot jump in. Point it at a node of ${graphName(node.graph)}, or move "${edge.target}" there.`,
        );
        continue;
      }
      const ids = [...flow.local.keys()];
      const known = ids.length <= LIST_LIMIT ? ` Nodes of ${graphName(node.graph)}: ${ids.join(', ')}.` : '';
      report(
        'edge.unknown_target',
        `${node.pointer}${edge.pointer}`,
        `${nodeLabel(node)} field "${field}" names "${edge.target}", but no node has that id.${didYouMean(edge.target, ids)}${known} Point it at an existing node or add a node with id "${edge.target}".`,
      );
    }
  }
}

/** `the top-level graph`, `branch 1 of nodes/3 (id "review")`, `the body of nodes/3 (id "each")`. */
export function graphName(graph: GraphEntry): string {
  const container = graph.container;
  if (container === undefined) return 'the top-level graph';
  const branch = /\/branches\/(\d+)\/nodes$/.exec(graph.pointer);
  if (branch !== null) return `branch ${Number(branch[1]) + 1} of ${nodeLabel(container)}`;
  return `the body of ${nodeLabel(container)}`;
}

/** No graph is empty. */
export function checkEmptyGraphs(model: DocumentModel, report: Report): void {
  for (const graph of model.graphs) {
    if (!graph.empty) continue;
    const message =
      graph.container === undefined
        ? 'The workflow has no nodes. Add at least one: the first node of "nodes" is where a run starts.'
        : `${capitalize(graphName(graph))} has no nodes. Add at least one node (the first one starts it)${graph.container.type === 'parallel' ? ', or remove the branch' : ''}.`;
    report('graph.empty', graph.pointer, message);
  }
}

/**
 * Every node can be reached from the first node of its graph. A node reached only from other
 * unreachable nodes says so, so that the repair starts where the path was broken.
 */
export function checkReachability(flows: Flows, report: Report): void {
  for (const flow of flows.values()) {
    if (!flow.graph.edgesKnown || !flow.hasEntry || flow.reachable.every(Boolean)) continue;
    const predecessors = flow.graph.nodes.map((): number[] => []);
    flow.successors.forEach((targets, from) => {
      for (const to of targets) predecessors[to]!.push(from);
    });
    flow.graph.nodes.forEach((node, i) => {
      if (flow.reachable[i] || node.id === undefined) return;
      const from = predecessors[i]!.filter((p) => p !== i).map((p) => flow.graph.nodes[p]!);
      const why =
        from.length === 0
          ? `no next, default, case, outcome, onError or onTimeout in ${graphName(node.graph)} leads to it, and only the first node of a graph starts it. Point an edge of the node that should come before it at "${node.id}", or remove the node.`
          : `only ${from.slice(0, 5).map(nodeLabel).join(', ')} ${from.length === 1 ? 'leads' : 'lead'} to it, and ${from.length === 1 ? 'that is' : 'those are'} not reached either. Reconnect the path where it breaks; this node is then reached too.`;
      report('graph.unreachable', node.pointer, `${nodeLabel(node)} is never reached: ${why}`);
    });
  }
}

/** A cycle has a way out: a node that ends the path, or an edge leaving the cycle. */
export function checkCycleExits(flows: Flows, report: Report): void {
  for (const flow of flows.values()) {
    if (!flow.graph.edgesKnown) continue;
    for (const members of flow.components) {
      const first = members[0]!;
      if (!flow.inCycle[first]) continue;
      if (members.some((m) => hasExit(flow, m))) continue;
      const nodes = members.map((m) => flow.graph.nodes[m]!);
      const names = nodes.slice(0, 10).map(nodeLabel).join(', ');
      const more = nodes.length > 10 ? ` and ${nodes.length - 10} more` : '';
      const form = nodes.length === 1 ? 'leads back to itself' : 'form a cycle';
      report(
        'graph.cycle_without_exit',
        nodes[0]!.pointer,
        `${names}${more} ${form} with no way out: every path from ${nodes.length === 1 ? 'it' : 'them'} comes back, so a run that gets there never finishes. Give the cycle an exit (a decision case, an approval outcome or a next that leads to a node outside it) or end the path at one of its nodes.`,
      );
    }
  }
}

function hasExit(flow: GraphFlow, position: number): boolean {
  if (endsPath(flow.graph.nodes[position]!)) return true;
  const component = flow.component[position];
  return flow.successors[position]!.some((target) => flow.component[target] !== component);
}

/** A node after which the path can stop: an end, or a node whose `next` is absent. */
function endsPath(node: NodeEntry): boolean {
  if (node.type === undefined) return true; // Unknown type: its edges are guesses, so assume an exit.
  if (node.type === 'end') return true;
  if (!NODE_SPECS[node.type].hasNext) return false;
  return !node.edges.some((edge) => edge.pointer === '/next' || edge.pointer.startsWith('/next/'));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
