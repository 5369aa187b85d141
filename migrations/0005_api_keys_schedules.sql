-- REST API keys and schedule triggers.
--
-- Both tables are tenant-owned, but each is also read before any tenant is known: an API key is
-- looked up by its hash to learn the tenant, and the scheduler finds due schedules of every
-- tenant. Neither reading needs the application role to see other tenants' rows: each is one
-- SECURITY DEFINER function, running as the migrating user (the table owner), which a policy
-- limited to that user lets see every row. The application role only executes the functions.

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name <> ''),
  -- The first characters of the key (`sb_live_Ab12`), so people can tell their keys apart.
  prefix text NOT NULL,
  -- sha256 of the whole key, hex. The key itself is shown once and never stored.
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
SELECT switchboard_tenant_table('api_keys');

DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_lookup ON api_keys TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The tenant and key id for a key hash, or no row when the hash is unknown or revoked. Marks the
-- key used (at most once a minute, so busy clients do not write on every request).
CREATE FUNCTION switchboard_authenticate_api_key(hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  RETURN QUERY
  UPDATE api_keys k
     SET last_used_at = CASE
           WHEN k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' THEN now()
           ELSE k.last_used_at
         END
   WHERE k.key_hash = hash AND k.revoked_at IS NULL
  RETURNING k.tenant_id, k.id;
END
$$;
REVOKE ALL ON FUNCTION switchboard_authenticate_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_authenticate_api_key(text) TO switchboard_app;

-- One row per workflow whose active version has a schedule trigger. `next_fire_at` is the next
-- time the schedule fires after the last fire (or after activation); the scheduler advances it
-- past "now" when it fires, so fires missed while nothing ran collapse into one run.
CREATE TABLE schedules (
  workflow_id uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  cron text NOT NULL,
  timezone text NOT NULL,
  next_fire_at timestamptz NOT NULL,
  last_fired_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedules_due ON schedules (next_fire_at);
SELECT switchboard_tenant_table('schedules');

DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_scheduler ON schedules TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- Due schedules of every tenant, oldest first, locked for this transaction; rows another
-- scheduler holds are skipped, so two schedulers never fire the same schedule at once.
CREATE FUNCTION switchboard_claim_due_schedules(due_by timestamptz, max_rows integer)
RETURNS TABLE (workflow_id uuid, tenant_id uuid, cron text, timezone text, next_fire_at timestamptz)
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT s.workflow_id, s.tenant_id, s.cron, s.timezone, s.next_fire_at
    FROM schedules s
   WHERE s.next_fire_at <= due_by
   ORDER BY s.next_fire_at
   LIMIT max_rows
     FOR UPDATE SKIP LOCKED
$$;
REVOKE ALL ON FUNCTION switchboard_claim_due_schedules(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_claim_due_schedules(timestamptz, integer) TO switchboard_app;

-- Records that a claimed schedule fired at `fired_at` and moves it on to `next_at`.
CREATE FUNCTION switchboard_advance_schedule(workflow uuid, fired_at timestamptz, next_at timestamptz)
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  UPDATE schedules
     SET next_fire_at = next_at, last_fired_at = fired_at, updated_at = now()
   WHERE workflow_id = workflow
$$;
REVOKE ALL ON FUNCTION switchboard_advance_schedule(uuid, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_advance_schedule(uuid, timestamptz, timestamptz) TO switchboard_app;

-- Drops the schedule of a workflow that no longer exists or is no longer active.
CREATE FUNCTION switchboard_drop_schedule(workflow uuid)
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  DELETE FROM schedules WHERE workflow_id = workflow
$$;
REVOKE ALL ON FUNCTION switchboard_drop_schedule(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_drop_schedule(uuid) TO switchboard_app;
