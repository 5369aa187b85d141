import type { NodeOf } from '../../schema/node.js';
import type { StepDescriber } from '../context.js';
import type { Messages } from '../messages/catalogue.js';
import { conditionInWords } from '../words/condition.js';
import { code, jsonFields } from '../words/inline.js';

type RecordOp = NodeOf<'record'>['op'];

const SUMMARIES: Record<RecordOp, (m: Messages) => (entity: string) => string> = {
  create: (m) => m.recordCreate,
  update: (m) => m.recordUpdate,
  upsert: (m) => m.recordUpsert,
  delete: (m) => m.recordDelete,
  get: (m) => m.recordGet,
  query: (m) => m.recordQuery,
};

export const describeRecord: StepDescriber<'record'> = (node, { m }) => ({
  summary: SUMMARIES[node.op](m)(code(node.entity)),
  details: [
    ...(node.key === undefined ? [] : [m.sentence(m.recordKey, code(node.key))]),
    ...(node.where === undefined ? [] : [m.recordWhere(conditionInWords(node.where, m))]),
    ...(node.data === undefined ? [] : [m.sentence(m.recordData, jsonFields(node.data, m))]),
  ],
  onward: { next: node.next },
});
