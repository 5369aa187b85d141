-- Web chat sign-in throttling, and the housekeeping that deletes rows nobody can use any more.

-- Failed web chat sign-ins, counted per email and per client address (bot/web/throttle.ts). Not
-- tenant data: attempts happen before any tenant is known, and an email without a login must be
-- throttled exactly like one with a login, so nothing tells the two apart. Like engine_workers,
-- the table has no tenant_id and only the connecting user (the web chat's pool) reads it; the
-- application role has no grant on it.
--
-- Each attempt is recorded as one row per key (same `attempt_id`) before the password is
-- checked, and deleted when the password was right, so parallel guesses cannot outrun the count.
-- A row counts until `expires_at` (attempt time plus the key's window), so housekeeping needs no
-- knowledge of the limits. Keys are sha256 hashes of the normalized email or address, never the
-- values themselves.
CREATE TABLE web_sign_in_failures (
  attempt_id uuid NOT NULL,
  scope text NOT NULL CHECK (scope IN ('email', 'address')),
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  failed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > failed_at),
  PRIMARY KEY (attempt_id, scope)
);
CREATE INDEX web_sign_in_failures_key ON web_sign_in_failures (scope, key_hash, expires_at);
CREATE INDEX web_sign_in_failures_expiry ON web_sign_in_failures (expires_at);

-- Deletes, in every tenant, the rows that can no longer be used at `as_of`, and says how many of
-- each went: expired web sessions (a session is refused from its expiry on), web sign-in links
-- used or expired (both get the same "unknown, used or expired" answer), sign-in failures that no
-- longer count, and email task links expired for longer than `task_link_grace` (until then the
-- task page still answers "already used" or "expired" rather than "unknown", and a retried task
-- notice still finds the link it mailed). Housekeeping runs it hourly (engine/housekeeping.ts).
-- SECURITY DEFINER, running as the migrating user, whose owner_lookup policies (0007, 0009) let
-- it see every tenant's rows despite forced row-level security.
CREATE FUNCTION switchboard_delete_unusable_rows(as_of timestamptz, task_link_grace interval)
RETURNS TABLE (
  deleted_web_sessions bigint,
  deleted_web_sign_in_links bigint,
  deleted_task_links bigint,
  deleted_web_sign_in_failures bigint
)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  WITH sessions AS (
    DELETE FROM web_sessions s WHERE s.expires_at <= as_of RETURNING 1
  ), sign_in_links AS (
    DELETE FROM web_sign_in_links l WHERE l.used_at IS NOT NULL OR l.expires_at <= as_of RETURNING 1
  ), links AS (
    DELETE FROM task_links t WHERE t.expires_at <= as_of - task_link_grace RETURNING 1
  ), failures AS (
    DELETE FROM web_sign_in_failures f WHERE f.expires_at <= as_of RETURNING 1
  )
  SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM sign_in_links),
         (SELECT count(*) FROM links), (SELECT count(*) FROM failures)
$$;
REVOKE ALL ON FUNCTION switchboard_delete_unusable_rows(timestamptz, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_delete_unusable_rows(timestamptz, interval) TO switchboard_app;
