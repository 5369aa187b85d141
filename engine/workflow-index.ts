/** A workflow version's nodes by id (ids are unique across the whole document). */
import { graphsOf, type Node, type WorkflowDocument } from '../graph/index.js';
import { EngineError } from './errors.js';

export interface WorkflowIndex {
  document: WorkflowDocument;
  /** The node with this id anywhere in the document. */
  node(id: string): Node;
  /** The id of the first node of the top-level graph. */
  entry: string;
}

export function indexWorkflow(document: WorkflowDocument): WorkflowIndex {
  const nodes = new Map<string, Node>();
  const visit = (list: readonly Node[]) => {
    for (const node of list) {
      nodes.set(node.id, node);
      for (const graph of graphsOf(node)) visit(graph.nodes as Node[]);
    }
  };
  visit(document.nodes);
  return {
    document,
    entry: (document.nodes[0] as Node).id,
    node(id) {
      const node = nodes.get(id);
      if (node === undefined) {
        throw new EngineError(
          'workflow.unknown_node',
          `The workflow has no node ${id}; the version is corrupt.`,
        );
      }
      return node;
    },
  };
}
