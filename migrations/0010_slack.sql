-- Slack (issue 6): what the Slack adapter shares across web and worker processes.

-- Requests and events already handled: request signatures (a replayed signed request is refused
-- while its timestamp is inside the 5-minute window) and event ids (Slack's retries of an event
-- run it once). Rows are useless after `expires_at` and are deleted as new ones arrive.
CREATE TABLE slack_seen (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  -- `signature:v0=…` or `event:Ev…`.
  key text NOT NULL CHECK (length(key) <= 300),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX slack_seen_expiry ON slack_seen (expires_at);
SELECT switchboard_tenant_table('slack_seen');

-- Messages posted for the engine (chat steps, task cards), once per idempotency key: a retried
-- post finds the message the first attempt posted instead of posting again.
CREATE TABLE slack_posts (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  channel text NOT NULL,
  ts text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);
SELECT switchboard_tenant_table('slack_posts');

-- Forms behind "Open form" buttons (inputs, submit action), by the hash of their content the
-- button carries: Slack buttons hold 2,000 characters, a form may need more.
CREATE TABLE slack_forms (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  spec jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, hash)
);
SELECT switchboard_tenant_table('slack_forms');

-- Threads of channels (not direct messages) the bot has posted in: replies there reach the
-- conversation core without mentioning the bot; other channel messages are not the bot's business.
CREATE TABLE slack_threads (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  channel text NOT NULL,
  thread_ts text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel, thread_ts)
);
SELECT switchboard_tenant_table('slack_threads');
