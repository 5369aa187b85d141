-- Chat (issue 6): conversations holding draft workflows, the web chat's users, sessions and
-- messages, and the durable notice of finished runs.

-- One draft per chat thread (a DM without threads holds one open draft at a time: `thread` is
-- null). `transcript` is what was said so far ({ role, content } list, oldest first), given to
-- the planner as the conversation; `draft` the latest validated document; `questions` the
-- planner's open questions. `workflow_id` is set once the draft was activated; later replies in
-- the thread edit that workflow.
CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('slack', 'teams', 'web')),
  channel text NOT NULL,
  thread text,
  owner text NOT NULL,
  description text NOT NULL,
  transcript jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(transcript) = 'array'),
  draft jsonb,
  questions jsonb,
  workflow_id uuid REFERENCES workflows (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('planning', 'questions', 'draft', 'active', 'discarded', 'refused')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX conversations_thread ON conversations (tenant_id, platform, channel, thread, updated_at DESC);
SELECT switchboard_tenant_table('conversations');

-- People who sign in to the web chat. The email is unique across tenants: signing in finds the
-- tenant from it. `password_hash` is `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`.
CREATE TABLE web_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^\s@]+@[^\s@]+$'),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX web_users_email ON web_users (email);
SELECT switchboard_tenant_table('web_users');

-- Signed-in browsers: the cookie carries a random token, only its sha256 is stored. The CSRF
-- token is random per session and sent back by the page with every POST.
CREATE TABLE web_sessions (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
SELECT switchboard_tenant_table('web_sessions');

-- Single-use sign-in links: the one `switchboard start` prints while no web user exists (it
-- creates the first user). Only the token's sha256 is stored.
CREATE TABLE web_sign_in_links (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
SELECT switchboard_tenant_table('web_sign_in_links');

-- What the web chat shows a user: their own messages, the bot's answers, task cards. `message`
-- is the neutral OutgoingMessage; updates replace it in place and take a new `rev` from the
-- sequence, so a page asking for "everything after rev n" sees new and changed messages alike.
CREATE SEQUENCE web_message_revs;
GRANT USAGE ON SEQUENCE web_message_revs TO switchboard_app;
CREATE TABLE web_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
  rev bigint NOT NULL DEFAULT nextval('web_message_revs'),
  author text NOT NULL CHECK (author IN ('user', 'bot')),
  private boolean NOT NULL DEFAULT false,
  message jsonb NOT NULL,
  -- Task cards: which task, so that the copy can be found and updated.
  task_id uuid,
  -- Posts from durable jobs (task notices, chat steps) carry their idempotency key.
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX web_messages_user_rev ON web_messages (user_id, rev);
SELECT switchboard_tenant_table('web_messages');

DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_lookup ON web_users TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY owner_lookup ON web_sessions TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY owner_lookup ON web_sign_in_links TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- Signing in happens before any tenant is known: these SECURITY DEFINER functions (the pattern
-- of 0005's API keys) answer only for an exact email or token hash one already holds.
CREATE FUNCTION switchboard_web_user_by_email(address text)
RETURNS TABLE (id uuid, tenant_id uuid, email text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT u.id, u.tenant_id, u.email, u.password_hash FROM web_users u WHERE u.email = lower(address)
$$;
REVOKE ALL ON FUNCTION switchboard_web_user_by_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_web_user_by_email(text) TO switchboard_app;

CREATE FUNCTION switchboard_web_session(hash text)
RETURNS TABLE (tenant_id uuid, user_id uuid, email text, csrf_token text, expires_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT s.tenant_id, s.user_id, u.email, s.csrf_token, s.expires_at
    FROM web_sessions s JOIN web_users u ON u.id = s.user_id
   WHERE s.token_hash = hash
$$;
REVOKE ALL ON FUNCTION switchboard_web_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_web_session(text) TO switchboard_app;

CREATE FUNCTION switchboard_web_sign_in_link(hash text)
RETURNS TABLE (tenant_id uuid, expires_at timestamptz, used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT l.tenant_id, l.expires_at, l.used_at FROM web_sign_in_links l WHERE l.token_hash = hash
$$;
REVOKE ALL ON FUNCTION switchboard_web_sign_in_link(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard_web_sign_in_link(text) TO switchboard_app;

-- A finished top-level run enqueues `switchboard_run_finished` in the transaction that finished
-- it, whatever path finished it (last step, failure, cancel), so the notice (owner told of a
-- failure, requester told of the outcome) is as durable as the run's status. The engine's worker
-- handles the job (CreateEngineOptions.onRunFinished).
CREATE FUNCTION switchboard_run_finished_job() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  -- Runs finish only under a worker, whose schema then exists; a bare database (store tests) has none.
  IF to_regnamespace('graphile_worker') IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM graphile_worker.add_job(
    'switchboard_run_finished',
    json_build_object('tenantId', NEW.tenant_id, 'runId', NEW.id),
    job_key => 'run-finished:' || NEW.id::text,
    max_attempts => 25
  );
  RETURN NEW;
END
$$;
CREATE TRIGGER runs_finished AFTER UPDATE OF status ON runs
  FOR EACH ROW
  WHEN (OLD.status IN ('running', 'waiting') AND NEW.status IN ('completed', 'failed', 'cancelled')
        AND NEW.parent_run_id IS NULL)
  EXECUTE FUNCTION switchboard_run_finished_job();
