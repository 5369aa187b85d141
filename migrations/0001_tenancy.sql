-- Tenancy foundation: the application role, the helpers every tenant-owned table uses, the
-- tenants table with the default tenant, and the audit log.
--
-- Every later table that holds tenant data has a `tenant_id uuid` column and ends its migration
-- with `SELECT switchboard_tenant_table('the_table');`. A test fails for any table with a
-- tenant_id column that lacks enabled and forced row-level security.

-- The role the application works through (`withTenant` does SET LOCAL ROLE to it). It owns no
-- table and has no BYPASSRLS, so row-level security always applies to it. Roles are shared by
-- every database of a cluster, hence "create unless it exists" (tolerating a concurrent create).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_app') THEN
    CREATE ROLE switchboard_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- The connecting user must be allowed to SET ROLE switchboard_app (superusers already are).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'switchboard_app', 'MEMBER') THEN
    EXECUTE format('GRANT switchboard_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO switchboard_app;
-- Tables are granted one by one by switchboard_tenant_table, so a table that skipped it is
-- unreadable by the application (a loud error) rather than unprotected. Sequences are harmless.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO switchboard_app;

-- The tenant of the current transaction, or NULL when none is set. NULLIF because a setting
-- that was set locally in an earlier transaction reads as '' afterwards, and ''::uuid would
-- fail with a confusing cast error instead of simply matching no rows.
CREATE FUNCTION switchboard_current_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('switchboard.tenant_id', true), '')::uuid $$;

-- Makes `tbl` a tenant-owned table: row-level security enabled and forced (so it applies to
-- the table owner too), one policy limiting reads and writes to the current tenant's rows, and
-- the application role's grants. Without a tenant set, the policy matches nothing.
CREATE FUNCTION switchboard_tenant_table(tbl regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s'
    ' USING (tenant_id = switchboard_current_tenant())'
    ' WITH CHECK (tenant_id = switchboard_current_tenant())',
    tbl
  );
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO switchboard_app', tbl);
END
$$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (name <> ''),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The application role sees only its own tenant. Not forced: the connecting user (the owner)
-- creates and looks up tenants before any tenant is set.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants USING (id = switchboard_current_tenant());
GRANT SELECT ON tenants TO switchboard_app;

-- The tenant for local use: single-team installs, the CLI and the web chat without sign-in.
INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'default');

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_tenant_newest ON audit_log (tenant_id, id DESC);
SELECT switchboard_tenant_table('audit_log');
-- Append-only for the application.
REVOKE UPDATE, DELETE ON audit_log FROM switchboard_app;
