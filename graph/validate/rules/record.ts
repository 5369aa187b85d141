import { nodeLabel } from '../wording.js';
import { type NodeRule, text } from './rule.js';

const NEEDS_KEY = new Set(['update', 'upsert', 'delete', 'get']);
const NEEDS_DATA = new Set(['create', 'update', 'upsert']);
const IGNORES_DATA = new Set(['get', 'delete', 'query']);

/** What each operation needs and uses. */
const operationFields: NodeRule = (node, { report }) => {
  const op = text(node.raw.op);
  if (op === undefined) return;
  const { key, data, where } = node.raw;
  if (NEEDS_KEY.has(op) && key === undefined) {
    report(
      'record.key_required',
      `${node.pointer}/key`,
      `${nodeLabel(node)} does "${op}" but has no "key" to say which record. Add "key", such as "{{ trigger.ticketId }}".`,
    );
  }
  if (NEEDS_DATA.has(op) && data === undefined) {
    report(
      'record.data_required',
      `${node.pointer}/data`,
      `${nodeLabel(node)} does "${op}" but has no "data". Add "data": the fields to write, such as { "status": "open" }.`,
    );
  }
  if (where !== undefined && op !== 'query') {
    report(
      'record.where_unexpected',
      `${node.pointer}/where`,
      `${nodeLabel(node)} has "where", which only filters a "query". Use "op": "query" to find records by condition, or "key" to name one record.`,
    );
  }
  if (data !== undefined && IGNORES_DATA.has(op)) {
    report(
      'record.data_unused',
      `${node.pointer}/data`,
      `${nodeLabel(node)} does "${op}", which ignores "data". Remove "data".`,
    );
  }
};

export const recordRules: NodeRule[] = [operationFields];
