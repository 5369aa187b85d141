/**
 * Late binding for nested graphs. `parallel` and `loop` contain node lists, and the node union
 * contains them; importing `schema/node.ts` from their modules would make a module cycle whose
 * outcome depends on which file is loaded first. Instead `schema/node.ts` hands its list schema
 * here once it exists, and the nested-graph getters read it from here at parse time.
 */
import type { NodeList } from './node.js';

let nodeList: typeof NodeList | undefined;

export function provideNodeList(schema: typeof NodeList): void {
  nodeList = schema;
}

/** The schema of a nested graph. */
export function nestedNodeList(): typeof NodeList {
  if (nodeList === undefined)
    throw new Error('graph/schema/node.ts must be loaded before nested graphs are used');
  return nodeList;
}
