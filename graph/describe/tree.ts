/**
 * Step numbers. Top-level steps are 1, 2, 3…; a loop's body continues its number (4.1, 4.2);
 * a parallel step numbers its branches, then their steps (3.1.1 is the first step of branch 1).
 */
import { graphsOf } from '../registry.js';
import type { Node } from '../schema/node.js';

export interface StepPlace {
  number: string;
  name: string;
}

export interface NestedGraph {
  /** Number of the graph; its steps are `<prefix>.1`, `<prefix>.2`, … */
  prefix: string;
  kind: 'branch' | 'body';
  nodes: Node[];
}

/** The name people see: as written, or the id. */
export function stepName(node: Node): string {
  return node.name ?? node.id;
}

export function stepNumber(prefix: string, index: number): string {
  return prefix === '' ? String(index + 1) : `${prefix}.${index + 1}`;
}

/** The nested graphs of a step, numbered below the step's own number. */
export function nestedGraphs(node: Node, number: string): NestedGraph[] {
  const graphs = graphsOf(node);
  if (graphs.length === 1 && node.type !== 'parallel') {
    return [{ prefix: number, kind: 'body', nodes: graphs[0]?.nodes as Node[] }];
  }
  return graphs.map((graph, i) => ({
    prefix: `${number}.${i + 1}`,
    kind: 'branch',
    nodes: graph.nodes as Node[],
  }));
}

/** Number and name of every step of the document by id (the first, should an id repeat). */
export function numberSteps(nodes: Node[], prefix = '', places = new Map<string, StepPlace>()) {
  nodes.forEach((node, i) => {
    const number = stepNumber(prefix, i);
    if (!places.has(node.id)) places.set(node.id, { number, name: stepName(node) });
    for (const graph of nestedGraphs(node, number)) numberSteps(graph.nodes, graph.prefix, places);
  });
  return places;
}

/** Every step of a graph and of the graphs nested in it, in document order. */
export function allSteps(nodes: Node[]): Node[] {
  return nodes.flatMap((node) => [
    node,
    ...graphsOf(node).flatMap((graph) => allSteps(graph.nodes as Node[])),
  ]);
}
