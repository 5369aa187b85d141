/**
 * The workflow as an ELK graph: one box per step, the trigger as a start box, a parallel step as
 * a group holding one group per branch, a loop step as a group holding its body. Edges stay in
 * the graph of their step (GRAPH.md: `next` and `onError` never leave it).
 */
import { edgesOf, graphsOf } from '../registry.js';
import type { Node } from '../schema/node.js';
import type { Trigger } from '../schema/triggers.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from './elk.js';
import type { LayoutNodeType } from './types.js';

export const TRIGGER_ID = '@trigger';
const STEP_SIZE = { width: 200, height: 56 };
const TRIGGER_SIZE = { width: 200, height: 44 };
const CHAR_WIDTH = 7;
const LABEL_HEIGHT = 16;

/** What the drawing needs about a box besides its geometry. */
export interface BoxInfo {
  type: LayoutNodeType;
  label: string;
  parent?: string;
}

/** What the drawing needs about an edge besides its route. */
export interface EdgeInfo {
  source: string;
  target: string;
  kind: string;
  label: string;
}

/** What is known about boxes and edges besides their geometry, by id. */
interface Metadata {
  boxes: Map<string, BoxInfo>;
  edges: Map<string, EdgeInfo>;
}

export interface ElkInput extends Metadata {
  graph: ElkNode;
}

// Model order keeps branches left to right and steps in document order where the graph allows.
const CONTAINER_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.padding': '[top=36,left=16,bottom=16,right=16]',
  'elk.spacing.nodeNode': '32',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.separateConnectedComponents': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.edgeLabels.placement': 'CENTER',
};

export function toElkInput(trigger: Trigger, nodes: Node[]): ElkInput {
  const meta: Metadata = { boxes: new Map(), edges: new Map() };
  meta.boxes.set(TRIGGER_ID, { type: 'trigger', label: triggerLabel(trigger) });
  const content = graphContent(nodes, undefined, meta);
  const first = nodes[0];
  const start = first === undefined ? [] : [edge(`${TRIGGER_ID}/start`, TRIGGER_ID, first.id, 'start', meta)];
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: { ...CONTAINER_OPTIONS, 'elk.padding': '[top=16,left=16,bottom=16,right=16]' },
    children: [{ id: TRIGGER_ID, ...TRIGGER_SIZE }, ...content.children],
    edges: [...start, ...content.edges],
  };
  return { graph, ...meta };
}

function triggerLabel(trigger: Trigger): string {
  switch (trigger.type) {
    case 'schedule':
      return `schedule: ${trigger.cron} (${trigger.timezone})`;
    case 'event':
      return `event: ${trigger.event}`;
    default:
      return trigger.type;
  }
}

/** The boxes of one graph and the edges between them. */
function graphContent(nodes: Node[], parent: string | undefined, meta: Metadata) {
  const ids = new Set(nodes.map((node) => node.id));
  const children = nodes.map((node) => stepBox(node, parent, meta));
  const edges = nodes.flatMap((node) =>
    edgesOf(node)
      .filter((e) => ids.has(e.target))
      .map((e) => edge(`${node.id}${e.pointer}`, node.id, e.target, e.label, meta)),
  );
  return { children, edges };
}

/** A step's box: a plain box, a group around a loop body, or a group of branch groups. */
function stepBox(node: Node, parent: string | undefined, meta: Metadata): ElkNode {
  meta.boxes.set(node.id, {
    type: node.type,
    label: node.name ?? node.id,
    ...(parent === undefined ? {} : { parent }),
  });
  const graphs = graphsOf(node).map((graph) => graph.nodes as Node[]);
  if (graphs.length === 0) return { id: node.id, ...STEP_SIZE };
  if (graphs.length === 1 && node.type !== 'parallel') {
    return { id: node.id, layoutOptions: CONTAINER_OPTIONS, ...graphContent(graphs[0]!, node.id, meta) };
  }
  const branches = graphs.map((nodes, i) => branchBox(node, i, nodes, meta));
  return { id: node.id, layoutOptions: CONTAINER_OPTIONS, children: branches, edges: [] };
}

function branchBox(node: Node, index: number, nodes: Node[], meta: Metadata): ElkNode {
  const id = `${node.id}@branch-${index + 1}`;
  const name = node.type === 'parallel' ? node.branches[index]?.name : undefined;
  meta.boxes.set(id, { type: 'branch', label: name ?? `Branch ${index + 1}`, parent: node.id });
  return { id, layoutOptions: CONTAINER_OPTIONS, ...graphContent(nodes, id, meta) };
}

function edge(id: string, source: string, target: string, kind: string, meta: Metadata): ElkExtendedEdge {
  const label = kind === 'next' || kind === 'start' ? '' : kind;
  meta.edges.set(id, { source, target, kind, label });
  const size = { width: label.length * CHAR_WIDTH + 8, height: LABEL_HEIGHT };
  return { id, sources: [source], targets: [target], labels: label === '' ? [] : [{ text: label, ...size }] };
}
