/** Reads ELK's result (absolute coordinates) back into the plain `Layout` JSON. */
import type { ElkExtendedEdge, ElkNode } from './elk.js';
import type { ElkInput } from './elk-graph.js';
import type { Layout, LayoutEdge, LayoutNode, LayoutPoint } from './types.js';

export function readLayout(result: ElkNode, input: ElkInput): Layout {
  return {
    width: Math.round(result.width ?? 0),
    height: Math.round(result.height ?? 0),
    nodes: (result.children ?? []).flatMap((child) => boxes(child, input)),
    edges: allEdges(result).map((e) => routedEdge(e, input)),
  };
}

/** A box and, after it, what it contains. */
function boxes(node: ElkNode, input: ElkInput): LayoutNode[] {
  const info = input.boxes.get(node.id)!;
  const box: LayoutNode = {
    id: node.id,
    type: info.type,
    label: info.label,
    x: Math.round(node.x ?? 0),
    y: Math.round(node.y ?? 0),
    width: Math.round(node.width ?? 0),
    height: Math.round(node.height ?? 0),
    ...(info.parent === undefined ? {} : { parent: info.parent }),
  };
  return [box, ...(node.children ?? []).flatMap((child) => boxes(child, input))];
}

function allEdges(node: ElkNode): ElkExtendedEdge[] {
  return [...(node.edges ?? []), ...(node.children ?? []).flatMap(allEdges)];
}

function routedEdge(e: ElkExtendedEdge, input: ElkInput): LayoutEdge {
  const info = input.edges.get(e.id)!;
  const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
  const label = e.labels?.[0];
  return {
    id: e.id,
    ...info,
    points: points.map(round),
    ...(label === undefined ? {} : { labelPosition: round({ x: label.x ?? 0, y: label.y ?? 0 }) }),
  };
}

function round(point: LayoutPoint): LayoutPoint {
  return { x: Math.round(point.x), y: Math.round(point.y) };
}
