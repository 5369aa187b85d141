import {
  type CompiledExpression,
  type ExpressionContext,
  ExpressionError,
  evaluateExpression,
  type Json,
  parseExpression,
  renderJsonTemplate,
  renderTemplate,
} from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  type StoredRecord,
  updateRecord,
  upsertRecord,
} from '../../store/index.js';
import { PermanentStepError } from '../errors.js';
import type { Executor, StepInput } from '../executor.js';
import { idempotencyKeyOf } from '../idempotency.js';

/**
 * The `record` step: the tenant's built-in records store (GRAPH.md). A record is seen by
 * workflows as its fields plus `key` — `{ key: "T-1", status: "open", … }` — which is what
 * outputs hold and what `where` sees as `record`. `create` without a `key` generates one from the
 * step, and a retried create finds the row it made, so retries never duplicate. `update` merges
 * fields into the record; `upsert` creates or merges; `delete` and `get` give null when the record
 * does not exist. `query` scans at most `maxQueryScan` records of the entity in key order and keeps
 * those for which `where` is true (all of them without `where`).
 */

export interface RecordExecutorOptions {
  /** Most records one `query` reads; more is a permanent failure saying so. Default 10,000. */
  maxQueryScan?: number;
}

export const DEFAULT_MAX_QUERY_SCAN = 10_000;

type Fields = { [field: string]: Json };

export function createRecordExecutor(options: RecordExecutorOptions = {}): Executor<'record'> {
  const maxScan = options.maxQueryScan ?? DEFAULT_MAX_QUERY_SCAN;
  return async (input) => {
    const { node } = input;
    const stepHash = idempotencyKeyOf(input.stepKey, 'record');
    const key = keyOf(input, stepHash);
    const data = node.op === 'create' || node.op === 'update' || node.op === 'upsert' ? dataOf(input) : {};
    const where = node.op === 'query' && node.where !== undefined ? compileWhere(node.where) : undefined;
    const output = await input.withTenantTx(async (tx): Promise<Json> => {
      switch (node.op) {
        case 'create':
          return viewOf(await create(tx, node.entity, key!, data, stepHash));
        case 'update': {
          const updated = await updateRecord(tx, node.entity, key!, data);
          if (updated === null) {
            throw new PermanentStepError(
              'record.not_found',
              `There is no ${node.entity} record "${key}" to update; use op "upsert" to create it when missing.`,
            );
          }
          return viewOf(updated);
        }
        case 'upsert':
          return viewOf(await upsertRecord(tx, node.entity, key!, data));
        case 'delete':
          return nullableView(await deleteRecord(tx, node.entity, key!));
        case 'get':
          return nullableView(await getRecord(tx, node.entity, key!));
        case 'query':
          return query(tx, input, where, maxScan);
      }
    });
    return { output };
  };
}

async function create(tx: TenantTx, entity: string, key: string, data: Fields, stepHash: string) {
  const result = await createRecord(tx, entity, key, data, stepHash);
  if (result.outcome === 'exists') {
    throw new PermanentStepError(
      'record.exists',
      `A ${entity} record "${key}" already exists; use op "upsert" to change it, or a different key.`,
    );
  }
  return result.record;
}

function keyOf(input: StepInput<'record'>, stepHash: string): string | undefined {
  const { node } = input;
  if (node.op === 'query') return undefined;
  if (node.key === undefined) {
    if (node.op === 'create') return `r_${stepHash.slice(0, 32)}`;
    throw new PermanentStepError('record.key_required', `A record ${node.op} needs a key.`);
  }
  const key = inTemplate('key', () => renderTemplate(node.key!, contextOf(input), { now: input.now })).trim();
  if (key === '' || key.length > 500) {
    throw new PermanentStepError(
      'record.invalid_key',
      `The record key rendered to ${key === '' ? 'nothing' : 'over 500 characters'}.`,
    );
  }
  return key;
}

function dataOf(input: StepInput<'record'>): Fields {
  const rendered = inTemplate('data', () =>
    renderJsonTemplate(input.node.data ?? {}, contextOf(input), { now: input.now }),
  );
  if (rendered === null || typeof rendered !== 'object' || Array.isArray(rendered)) {
    throw new PermanentStepError(
      'record.invalid_data',
      'A record\'s data must be an object of fields, such as { "status": "open" }.',
    );
  }
  if (Object.hasOwn(rendered, 'key')) {
    throw new PermanentStepError(
      'record.reserved_field',
      '"key" is reserved for the record key; set it with the step\'s key field, or rename the data field.',
    );
  }
  return rendered;
}

function compileWhere(source: string): CompiledExpression {
  const parsed = parseExpression(source);
  if (!parsed.ok)
    throw new PermanentStepError('record.where', `The query's where does not parse: ${parsed.message}`);
  return parsed.expression;
}

async function query(
  tx: TenantTx,
  input: StepInput<'record'>,
  where: CompiledExpression | undefined,
  maxScan: number,
): Promise<Json> {
  const { entity } = input.node;
  const records = await listRecords(tx, entity, maxScan + 1);
  if (records.length > maxScan) {
    throw new PermanentStepError(
      'record.query_too_large',
      `The ${entity} records number more than ${maxScan}, the most a query scans; delete old records ` +
        'or keep them under another entity.',
    );
  }
  const views = records.map(viewOf);
  if (where === undefined) return views;
  const context = contextOf(input);
  return views.filter((record) => {
    let matches: Json;
    try {
      matches = evaluateExpression(where, { ...context, record }, { now: input.now });
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      throw new PermanentStepError(
        'record.where',
        `The query's where failed on record "${record.key}": ${error.message}`,
        {
          cause: error,
        },
      );
    }
    if (typeof matches !== 'boolean') {
      throw new PermanentStepError(
        'record.where',
        `The query's where must give true or false, not ${JSON.stringify(matches)}.`,
      );
    }
    return matches;
  });
}

function viewOf(record: StoredRecord): { key: string } & Fields {
  return { ...record.data, key: record.key };
}

function nullableView(record: StoredRecord | null): Json {
  return record === null ? null : viewOf(record);
}

function contextOf(input: StepInput<'record'>): ExpressionContext {
  return input.context as ExpressionContext;
}

function inTemplate<T>(field: string, render: () => T): T {
  try {
    return render();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new PermanentStepError(
      'record.template',
      `The record ${field} could not be rendered: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}
