-- One row per call to an LLM provider (one attempt): what it was for, which model answered,
-- tokens, cost and latency, and how it ended. Written by the LLM client through
-- `store/llm-calls.ts`; read for usage and cost reporting.

CREATE TABLE llm_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  purpose text NOT NULL CHECK (purpose <> ''),
  provider text NOT NULL CHECK (provider IN ('anthropic', 'openai', 'mistral', 'compatible')),
  model text NOT NULL,
  prompt_name text,
  prompt_version text,
  input_tokens integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  -- Input tokens served from the provider's prompt cache (part of input_tokens).
  cached_tokens integer NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
  cost_usd numeric(14, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  latency_ms integer NOT NULL CHECK (latency_ms >= 0),
  outcome text NOT NULL CHECK (outcome IN ('ok', 'error')),
  error_code text,
  -- No foreign key: runs live in a later migration, and a call's record outlives its run.
  run_id text,
  trace_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'error') = (error_code IS NOT NULL))
);
CREATE INDEX llm_calls_tenant_newest ON llm_calls (tenant_id, id DESC);
CREATE INDEX llm_calls_run ON llm_calls (run_id) WHERE run_id IS NOT NULL;
SELECT switchboard_tenant_table('llm_calls');
-- Append-only for the application.
REVOKE UPDATE, DELETE ON llm_calls FROM switchboard_app;
