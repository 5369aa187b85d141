/**
 * The ELK layout engine (elkjs, pure JavaScript, no worker). Under NodeNext the CommonJS bundle's
 * default import is typed as its module object; the bundle sets `default` on its constructor to
 * itself, so `.default` is the constructor however the module is loaded.
 */
import elkModule from 'elkjs/lib/elk.bundled.js';

export type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';

const ELK = elkModule.default;

export type Elk = InstanceType<typeof ELK>;

export function createElk(): Elk {
  return new ELK();
}
