-- Email approval links (issue 4): each link to the task page carries a single-use, expiring
-- token bound to one person and one task. Only the token's sha256 is stored.
--
-- The page is opened without a login, so the tenant is not known until the token is: one
-- SECURITY DEFINER function finds a link by its hash (the pattern of 0005's API keys). The
-- token stays opaque (no tenant id in the URL), and the function answers only for the exact hash
-- of a token one already holds. Everything after the lookup (deciding, marking the link used)
-- runs in a tenant transaction as usual.
--
-- No foreign key to the task table: links are written by the email channel from a durable job
-- after the task exists, and they are useless once it is gone; the page re-reads the task through
-- the task service on every request anyway.

CREATE TABLE task_links (
  -- sha256 of the token, hex.
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  task_id uuid NOT NULL,
  -- The person reference the link acts as (`email:ann@example.com`).
  person text NOT NULL,
  -- The idempotency key of the notice whose mail carries the link, and when that mail was
  -- accepted by the mail server: a retried notice finds it and does not mail again.
  notice_key text NOT NULL,
  sent_at timestamptz,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set when the link was used to decide or submit; a used link is refused.
  used_at timestamptz
);
CREATE INDEX task_links_task ON task_links (tenant_id, task_id);
CREATE INDEX task_links_notice ON task_links (tenant_id, notice_key);
SELECT switchboard_tenant_table('task_links');

DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_lookup ON task_links TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The link of a token hash, or no row when the hash is unknown.
CREATE FUNCTION switchboard_task_link(hash text)
RETURNS TABLE (tenant_id uuid, task_id uuid, person text, expires_at timestamptz, used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT l.tenant_id, l.task_id, l.person, l.expires_at, l.used_at FROM task_links l WHERE l.token_hash = hash
$$;
REVOKE ALL ON FUNCTION switchboard_task_link(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_task_link(text) TO switchboard_app;
