/**
 * `layout`: positions for drawing a workflow (admin view, previews), computed by ELK's layered
 * algorithm top to bottom. Parallel steps and loops are drawn as groups around their graphs.
 */
import type { WorkflowDocument } from '../schema/document.js';
import { createElk } from './elk.js';
import { toElkInput } from './elk-graph.js';
import { readLayout } from './read-layout.js';
import type { Layout } from './types.js';

export { TRIGGER_ID } from './elk-graph.js';
export type { Layout, LayoutEdge, LayoutNode, LayoutNodeType, LayoutPoint } from './types.js';

// Coordinates of every box and edge relative to the drawing, not to the enclosing group.
const ABSOLUTE = { 'elk.json.shapeCoords': 'ROOT', 'elk.json.edgeCoords': 'ROOT' };

/** Lays out a workflow document. Same document, same layout. */
export async function layout(document: WorkflowDocument): Promise<Layout> {
  const input = toElkInput(document.trigger, document.nodes);
  const result = await createElk().layout(input.graph, { layoutOptions: ABSOLUTE });
  return readLayout(result, input);
}
