-- The engine: workflows with immutable versions, runs with their append-only event log, the
-- state of each step, events kept for later waits, and worker heartbeats. (Schedule triggers
-- live in 0005's `schedules`.)
--
-- graphile-worker migrates its own schema (graphile_worker) when the engine starts. The
-- application role reaches it only through the two SECURITY DEFINER functions at the end, so a
-- step's result and the jobs that follow it commit in one tenant transaction.

CREATE TABLE workflows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  name text NOT NULL,
  trigger_type text NOT NULL,
  latest_version int NOT NULL DEFAULT 1,
  active_version int,
  -- Signs webhook requests; generated on first activation with a webhook trigger.
  webhook_secret text,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX workflows_tenant_name ON workflows (tenant_id, name);
-- Event triggers: the active workflows listening to an event name.
CREATE INDEX workflows_event ON workflows (tenant_id, trigger_type) WHERE active_version IS NOT NULL;
SELECT switchboard_tenant_table('workflows');

CREATE TABLE workflow_versions (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  version int NOT NULL,
  document jsonb NOT NULL,
  -- For event triggers: the event name, so publishing finds listeners without parsing documents.
  event_name text,
  created_by text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, version)
);
SELECT switchboard_tenant_table('workflow_versions');
-- Versions are immutable.
REVOKE UPDATE, DELETE ON workflow_versions FROM switchboard_app;

CREATE TABLE runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  workflow_id uuid NOT NULL REFERENCES workflows (id),
  version int NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'waiting', 'completed', 'failed', 'cancelled')),
  trigger_kind text NOT NULL CHECK (trigger_kind IN ('manual', 'webhook', 'schedule', 'event', 'subworkflow')),
  requester text,
  input jsonb NOT NULL DEFAULT 'null',
  output jsonb,
  error jsonb,
  -- `vars.<name>` of the context, set by transform steps.
  vars jsonb NOT NULL DEFAULT '{}',
  parent_run_id uuid REFERENCES runs (id),
  parent_step_key text,
  -- Schedule runs: the fire time, unique per workflow so several workers start one run per fire.
  scheduled_for timestamptz,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (workflow_id, scheduled_for)
);
CREATE INDEX runs_tenant_newest ON runs (tenant_id, created_at DESC);
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
SELECT switchboard_tenant_table('runs');

CREATE TABLE run_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  at timestamptz NOT NULL,
  type text NOT NULL,
  step_key text,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX run_events_run ON run_events (run_id, id);
SELECT switchboard_tenant_table('run_events');
-- Append-only: the history every view and replay is built from.
REVOKE UPDATE, DELETE ON run_events FROM switchboard_app;

CREATE TABLE step_states (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  -- `<scope><node id>#<visit>`; scope is empty at top level, `<parallel>.b<i>/` in a branch and
  -- `<loop>.i<index>/` in a loop iteration.
  key text NOT NULL,
  scope text NOT NULL,
  node_id text NOT NULL,
  node_type text NOT NULL,
  visit int NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  attempt int NOT NULL DEFAULT 1,
  output jsonb,
  error jsonb,
  -- Orchestration state of nodes that wait (wait: until/event; parallel, loop: children).
  state jsonb NOT NULL DEFAULT '{}',
  -- Order in which steps finished; later outputs of the same node id win in the context.
  finished_seq bigint,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX step_states_visits ON step_states (run_id, scope, node_id);
-- Waiting `wait.event` steps by event name.
CREATE INDEX step_states_event_waits ON step_states (tenant_id, ((state ->> 'event')))
  WHERE status = 'waiting' AND state ? 'event';
SELECT switchboard_tenant_table('step_states');
CREATE SEQUENCE step_finished_seq;
GRANT USAGE, SELECT ON SEQUENCE step_finished_seq TO switchboard_app;

-- Published events, kept so a `wait.event` reached later can consume one.
CREATE TABLE pending_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT 'null',
  published_at timestamptz NOT NULL,
  consumed_at timestamptz,
  consumed_by text
);
CREATE INDEX pending_events_open ON pending_events (tenant_id, name, id) WHERE consumed_at IS NULL;
SELECT switchboard_tenant_table('pending_events');

-- Worker processes and their graphile-worker worker ids; not tenant data.
CREATE TABLE engine_workers (
  worker_id text PRIMARY KEY,
  process_id text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX engine_workers_process ON engine_workers (process_id);

-- Enqueues an engine job from inside a tenant transaction. Only engine tasks, and only for the
-- transaction's own tenant (the handler runs the job under the tenant named in the payload).
CREATE FUNCTION switchboard_enqueue_job(task text, payload json, job_key text, run_at timestamptz)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF task <> 'switchboard_step' THEN
    RAISE EXCEPTION 'switchboard_enqueue_job: unknown task %', task;
  END IF;
  IF switchboard_current_tenant() IS NULL
     OR (payload ->> 'tenantId')::uuid IS DISTINCT FROM switchboard_current_tenant() THEN
    RAISE EXCEPTION 'switchboard_enqueue_job: the job belongs to another tenant';
  END IF;
  PERFORM graphile_worker.add_job(task, payload, run_at => run_at, job_key => job_key, max_attempts => 25);
END
$$;
REVOKE ALL ON FUNCTION switchboard_enqueue_job(text, json, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_enqueue_job(text, json, text, timestamptz) TO switchboard_app;

-- Removes the queued jobs with these keys (locked ones finish and then find their step closed).
-- Keys are prefixed by run ids the caller must see under row-level security.
CREATE FUNCTION switchboard_remove_jobs(run uuid, job_keys text[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  k text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM runs WHERE id = run AND tenant_id = switchboard_current_tenant()) THEN
    RETURN;
  END IF;
  FOREACH k IN ARRAY job_keys LOOP
    IF starts_with(k, 'step:' || run::text || '/') THEN
      PERFORM graphile_worker.remove_job(k);
    END IF;
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION switchboard_remove_jobs(uuid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_remove_jobs(uuid, text[]) TO switchboard_app;

-- The webhook route learns the tenant from the workflow id before any tenant is known: one
-- SECURITY DEFINER function, running as the migrating user, which this policy lets see every
-- workflow. The application role only executes the function.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_lookup ON workflows FOR SELECT TO %I USING (true)', current_user);
END
$$;

CREATE FUNCTION switchboard_webhook_target(workflow uuid)
RETURNS TABLE (tenant_id uuid, active boolean, secret text, trigger_type text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT w.tenant_id, w.active_version IS NOT NULL, w.webhook_secret, w.trigger_type
    FROM workflows w WHERE w.id = workflow
$$;
REVOKE ALL ON FUNCTION switchboard_webhook_target(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_webhook_target(uuid) TO switchboard_app;
