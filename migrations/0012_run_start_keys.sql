-- Idempotent run starts. A start key names the request that started a run: `webhook:<sha256 of
-- the signed timestamp and body>` for webhook triggers, `api:<Idempotency-Key header>` for the
-- REST API. Like a schedule's fire time (`scheduled_for`, 0003) it is unique per workflow, so a
-- replayed or retried request finds the run the first one started (INSERT … ON CONFLICT DO
-- NOTHING in the starting transaction) instead of starting another, however many arrive at once.
-- NULL for runs started without one; NULLs never collide.
--
-- 256 characters leave room for a source prefix in front of a client's key of up to 200.
-- `runs` already has row-level security and the application role's grants (0003); a workflow
-- belongs to one tenant, so the per-workflow key cannot collide across tenants.

ALTER TABLE runs
  ADD COLUMN start_key text
    CONSTRAINT runs_start_key_length CHECK (char_length(start_key) BETWEEN 1 AND 256),
  ADD CONSTRAINT runs_workflow_start_key UNIQUE (workflow_id, start_key);
