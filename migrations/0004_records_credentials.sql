-- Tenant data used by the side-effect steps: the built-in records store (`record` steps), named
-- credentials (`http` steps' `auth.credential`, encrypted by the application before they reach
-- the database) and chat messages posted by `chat` steps to the built-in channel (the run log
-- and the web view).

-- One row per record. The primary key serves both `get` (entity + key) and `query`, which scans
-- one entity's rows in key order and filters them with the step's CEL `where` in the engine.
CREATE TABLE records (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  entity text NOT NULL CHECK (entity ~ '^[a-z][a-z0-9_]{0,63}$'),
  key text NOT NULL CHECK (key <> '' AND length(key) <= 500),
  data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  -- Hash of the step that created the row: a retried create of the same step finds its own row
  -- instead of failing on the duplicate key.
  created_by_step text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, entity, key)
);
SELECT switchboard_tenant_table('records');

-- The secret is sealed with AES-256-GCM (SWITCHBOARD_SECRET_KEY) bound to tenant and name, so a
-- copied ciphertext does not decrypt under another row. `type` is not secret.
CREATE TABLE credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,63}$'),
  type text NOT NULL CHECK (type IN ('bearer', 'basic', 'header')),
  sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
SELECT switchboard_tenant_table('credentials');

-- Messages of the built-in chat channel. The idempotency key derives from the step, so a retried
-- post finds the message it already wrote.
CREATE TABLE chat_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Posting order, also within one transaction (where now() is the same for every row).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  run_id text NOT NULL,
  recipient text NOT NULL,
  text text NOT NULL,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX chat_messages_run ON chat_messages (tenant_id, run_id, seq);
SELECT switchboard_tenant_table('chat_messages');
