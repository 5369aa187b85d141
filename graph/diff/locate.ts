/** Every step of a document by id, with where it sits and its own fields (nested graphs left out). */
import { graphsOf } from '../registry.js';
import type { Json } from '../schema/common.js';
import type { Node } from '../schema/node.js';
import type { StepLocation } from './types.js';

export interface LocatedStep {
  node: Node;
  location: StepLocation;
}

/** Steps in document order (depth first); the first wins should an id repeat. */
export function locateSteps(
  nodes: Node[],
  parent: Node | null = null,
  graph = '/nodes',
  base = '',
  found = new Map<string, LocatedStep>(),
): Map<string, LocatedStep> {
  nodes.forEach((node, index) => {
    const pointer = `${base}${graph}/${index}`;
    const location = {
      parent: parent?.id ?? null,
      parentName: parent === null ? null : (parent.name ?? parent.id),
      graph,
      index,
      pointer,
    };
    if (!found.has(node.id)) found.set(node.id, { node, location });
    for (const sub of graphsOf(node)) locateSteps(sub.nodes as Node[], node, sub.pointer, pointer, found);
  });
  return found;
}

/**
 * The step's own fields: a copy without its nested graphs, whose steps are compared on their own.
 * A parallel branch keeps its other fields (its name).
 */
export function ownFields(node: Node): Json {
  const copy = structuredClone(node) as unknown as Json;
  for (const sub of graphsOf(node)) removeAt(copy, sub.pointer);
  return copy;
}

function removeAt(value: Json, pointer: string): void {
  const path = pointer.split('/').slice(1);
  const last = path.pop();
  let target: Json | undefined = value;
  for (const segment of path) target = (target as Record<string, Json>)[segment];
  if (target !== null && typeof target === 'object' && last !== undefined) {
    delete (target as Record<string, Json>)[last];
  }
}
