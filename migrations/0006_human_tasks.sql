-- Human tasks (issue 4): the people directory (one person, several references across Slack,
-- Teams and email; tenant groups), and the open requests of approval and form steps with their
-- decisions, delegations and posted copies.

-- A person of the tenant. `preferred_reference` is where requests reach them (contactOf).
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  display_name text,
  preferred_reference text,
  created_at timestamptz NOT NULL DEFAULT now()
);
SELECT switchboard_tenant_table('people');

-- The references of a person (`slack:user/U1`, `teams:user/…`, `email:ann@example.com`); a
-- reference names at most one person per tenant.
CREATE TABLE person_identities (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference <> ''),
  PRIMARY KEY (tenant_id, reference)
);
CREATE INDEX person_identities_person ON person_identities (person_id);
SELECT switchboard_tenant_table('person_identities');

-- Tenant groups (`group:finance`).
CREATE TABLE groups (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name)
);
SELECT switchboard_tenant_table('groups');

CREATE TABLE group_members (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  group_name text NOT NULL,
  -- A person reference; its position keeps the order members were added in.
  member text NOT NULL CHECK (member <> ''),
  position bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, group_name, member),
  FOREIGN KEY (tenant_id, group_name) REFERENCES groups (tenant_id, name) ON DELETE CASCADE
);
SELECT switchboard_tenant_table('group_members');

-- One request of an approval or form step visit. Title, message, facts and fields are rendered
-- when the task opens; `designated` records who was asked, in order, with the group each came
-- from (membership as it was at request time) and the escalation round (0: the approvers, n: the
-- n-th escalation's `escalateTo`). Only the last round may act.
CREATE TABLE human_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  step_key text NOT NULL,
  node_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('approval', 'form')),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  outcome text CHECK (outcome IN ('approved', 'rejected', 'submitted', 'timed_out', 'failed', 'cancelled')),
  title text NOT NULL,
  message text NOT NULL,
  facts jsonb NOT NULL DEFAULT '[]',
  fields jsonb NOT NULL DEFAULT '[]',
  locale text NOT NULL DEFAULT 'en',
  -- Approvals: any | all | majority | quorum | sequential; null for forms.
  mode text,
  quorum int,
  -- [{ reference, viaGroup, round }]
  designated jsonb NOT NULL,
  -- sequential: index (in the current round) of the approver whose turn it is.
  position int NOT NULL DEFAULT 0,
  require_reject_comment boolean NOT NULL DEFAULT true,
  allow_self_approval boolean NOT NULL DEFAULT false,
  requester text,
  -- When the timeout passes next (restarted by an escalation); null without a timeout.
  due_at timestamptz,
  reminders_sent int NOT NULL DEFAULT 0,
  -- When the current round started (reminders count from it).
  round_started_at timestamptz NOT NULL,
  escalations int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  -- Forms: { values, by, at }.
  submission jsonb,
  CHECK ((status = 'open') = (outcome IS NULL))
);
-- One open task per step; a retried run opens a new one for the same step.
CREATE UNIQUE INDEX human_tasks_open_step ON human_tasks (run_id, step_key) WHERE status = 'open';
CREATE INDEX human_tasks_tenant_status ON human_tasks (tenant_id, status, created_at DESC);
CREATE INDEX human_tasks_run ON human_tasks (run_id);
SELECT switchboard_tenant_table('human_tasks');
-- Tasks are part of the run's history.
REVOKE DELETE ON human_tasks FROM switchboard_app;

-- One decision per designated person (`person`: the designated reference it counts for), so
-- deciding twice records one.
CREATE TABLE task_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  task_id uuid NOT NULL REFERENCES human_tasks (id),
  person text NOT NULL,
  -- Who clicked: the person themself or their delegate.
  by text NOT NULL,
  on_behalf_of text,
  decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
  comment text,
  at timestamptz NOT NULL,
  channel text NOT NULL,
  UNIQUE (task_id, person)
);
SELECT switchboard_tenant_table('task_decisions');
REVOKE UPDATE, DELETE ON task_decisions FROM switchboard_app;

-- An assignee (`from_reference`, as designated) handed their part to `to_reference`; the latest
-- delegation of a part wins.
CREATE TABLE task_delegations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  task_id uuid NOT NULL REFERENCES human_tasks (id),
  from_reference text NOT NULL,
  to_reference text NOT NULL,
  by text NOT NULL,
  at timestamptz NOT NULL,
  channel text NOT NULL
);
CREATE INDEX task_delegations_task ON task_delegations (task_id, id);
SELECT switchboard_tenant_table('task_delegations');
REVOKE UPDATE, DELETE ON task_delegations FROM switchboard_app;

-- Posted copies of a task (chat cards, run-log messages), updated when the task changes. One row
-- per notice delivery (its idempotency key), so a redelivered notice stores nothing twice.
CREATE TABLE task_copies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  task_id uuid NOT NULL REFERENCES human_tasks (id),
  channel text NOT NULL,
  recipient text NOT NULL,
  address jsonb NOT NULL,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX task_copies_task ON task_copies (task_id, id);
SELECT switchboard_tenant_table('task_copies');
REVOKE DELETE ON task_copies FROM switchboard_app;

-- Engine jobs now include durable task notices (posting and updating copies of a task).
CREATE OR REPLACE FUNCTION switchboard_enqueue_job(task text, payload json, job_key text, run_at timestamptz)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF task NOT IN ('switchboard_step', 'switchboard_task_notice') THEN
    RAISE EXCEPTION 'switchboard_enqueue_job: unknown task %', task;
  END IF;
  IF switchboard_current_tenant() IS NULL
     OR (payload ->> 'tenantId')::uuid IS DISTINCT FROM switchboard_current_tenant() THEN
    RAISE EXCEPTION 'switchboard_enqueue_job: the job belongs to another tenant';
  END IF;
  PERFORM graphile_worker.add_job(task, payload, run_at => run_at, job_key => job_key, max_attempts => 25);
END
$$;
