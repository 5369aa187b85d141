import { z } from 'zod';
import type { Database } from './database.js';
import type { TenantTx } from './tenancy.js';

/**
 * `llm_calls`: one row per call to an LLM provider, per tenant. Append-only for the application.
 * `createLlmCallRecorder` adapts this to the LLM client's `LlmCallRecorder` port (matched by
 * shape: `store/` does not import `llm/`).
 */

export const llmCallInputSchema = z.object({
  purpose: z.string().min(1),
  provider: z.enum(['anthropic', 'openai', 'mistral', 'compatible']),
  model: z.string(),
  promptName: z.string().optional(),
  promptVersion: z.string().optional(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().int().nonnegative(),
  outcome: z.enum(['ok', 'error']),
  errorCode: z.string().min(1).optional(),
  runId: z.string().optional(),
  traceId: z.string().optional(),
});
export type LlmCallInput = z.input<typeof llmCallInputSchema>;

export const llmCallSchema = llmCallInputSchema.extend({
  id: z.string(),
  tenantId: z.uuid(),
  promptName: z.string().nullable(),
  promptVersion: z.string().nullable(),
  errorCode: z.string().nullable(),
  runId: z.string().nullable(),
  traceId: z.string().nullable(),
  createdAt: z.date(),
});
export type LlmCall = z.infer<typeof llmCallSchema>;

const columns = `id::text AS id, tenant_id AS "tenantId", purpose, provider, model,
  prompt_name AS "promptName", prompt_version AS "promptVersion",
  input_tokens AS "inputTokens", output_tokens AS "outputTokens", cached_tokens AS "cachedTokens",
  cost_usd::float8 AS "costUsd", latency_ms AS "latencyMs", outcome, error_code AS "errorCode",
  run_id AS "runId", trace_id AS "traceId", created_at AS "createdAt"`;

/** Records one call for the transaction's tenant. */
export async function recordLlmCall(tx: TenantTx, input: LlmCallInput): Promise<LlmCall> {
  const call = llmCallInputSchema.parse(input);
  const { rows } = await tx.query<LlmCall>(
    `INSERT INTO llm_calls (purpose, provider, model, prompt_name, prompt_version, input_tokens,
       output_tokens, cached_tokens, cost_usd, latency_ms, outcome, error_code, run_id, trace_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     RETURNING ${columns}`,
    [
      call.purpose,
      call.provider,
      call.model,
      call.promptName ?? null,
      call.promptVersion ?? null,
      call.inputTokens,
      call.outputTokens,
      call.cachedTokens,
      call.costUsd,
      call.latencyMs,
      call.outcome,
      call.errorCode ?? null,
      call.runId ?? null,
      call.traceId ?? null,
    ],
  );
  return rows[0]!;
}

export interface ListLlmCallsOptions {
  /** Only the calls of this run. */
  runId?: string;
  /** Most calls to return; default 100. */
  limit?: number;
}

/** The transaction's tenant's calls, newest first. */
export async function listLlmCalls(tx: TenantTx, options: ListLlmCallsOptions = {}): Promise<LlmCall[]> {
  const { rows } = await tx.query<LlmCall>(
    `SELECT ${columns} FROM llm_calls
      WHERE ($1::text IS NULL OR run_id = $1)
      ORDER BY id DESC
      LIMIT $2`,
    [options.runId ?? null, options.limit ?? 100],
  );
  return rows;
}

/** The LLM client's recorder port: each call in its own transaction of the call's tenant. */
export function createLlmCallRecorder(db: Pick<Database, 'withTenant'>): {
  record(call: LlmCallInput & { tenantId: string }): Promise<void>;
} {
  return {
    async record({ tenantId, ...call }) {
      await db.withTenant(tenantId, (tx) => recordLlmCall(tx, call));
    },
  };
}
