-- Email references in canonical form (graph/reference.ts `canonicalReference`): `email:` and the
-- address in lower case. Workflow documents name `email:Ann@Example.com` as people typed it, while
-- chat platforms and web logins give `email:ann@example.com`; from now on the application stores
-- and compares only the canonical form. This brings the rows it wrote before to it, in every column
-- holding a person reference. Where two spellings of one address meet:
-- - people who each had one become one person, merged into the oldest as linkIdentities merges
--   (their name and preferred reference kept unless they had none);
-- - a group lists the member once, where they were first added;
-- - a task designates the person once per round, where first named; a sequential approval's turn
--   is recomputed as the engine computes it (the first designee without a decision); of two
--   decisions now counting for the same person, the first stands.
-- Run events, chat messages and the audit log are history and keep what was written at the time.
--
-- Row-level security is forced for the table owner too, so the work runs tenant by tenant with
-- the tenant set; every statement also names its tenant, for owners that bypass row-level
-- security (superusers).

CREATE FUNCTION pg_temp.canonical(reference text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN reference LIKE 'email:%' THEN 'email:' || lower(substr(reference, 7)) ELSE reference END
$$;

DO $$
DECLARE
  tenant uuid;
  keep uuid;
  gone uuid;
  task record;
  new_designated jsonb;
BEGIN
  FOR tenant IN SELECT id FROM tenants ORDER BY id LOOP
    PERFORM set_config('switchboard.tenant_id', tenant::text, true);

    -- People: one person per address, whatever its spelling. Pair by pair, oldest first, so the
    -- oldest survives and takes a missing name or preferred reference from the next oldest.
    LOOP
      SELECT a.person_id, b.person_id INTO keep, gone
        FROM person_identities a
        JOIN person_identities b
          ON b.tenant_id = a.tenant_id AND b.person_id <> a.person_id
         AND pg_temp.canonical(b.reference) = pg_temp.canonical(a.reference)
        JOIN people pa ON pa.id = a.person_id
        JOIN people pb ON pb.id = b.person_id
       WHERE a.tenant_id = tenant AND a.reference LIKE 'email:%'
         AND (pa.created_at, pa.id) < (pb.created_at, pb.id)
       ORDER BY pa.created_at, pa.id, pb.created_at, pb.id
       LIMIT 1;
      EXIT WHEN NOT FOUND;
      UPDATE people p
         SET display_name = coalesce(p.display_name, g.display_name),
             preferred_reference = coalesce(p.preferred_reference, g.preferred_reference)
        FROM people g
       WHERE p.id = keep AND g.id = gone;
      UPDATE person_identities SET person_id = keep WHERE tenant_id = tenant AND person_id = gone;
      DELETE FROM people WHERE tenant_id = tenant AND id = gone;
    END LOOP;
    -- Now every spelling of an address belongs to one person: keep one reference (the canonical
    -- one when present), then spell it canonically.
    DELETE FROM person_identities d
     USING (SELECT reference,
                   row_number() OVER (PARTITION BY pg_temp.canonical(reference)
                                      ORDER BY reference = pg_temp.canonical(reference) DESC, reference) AS n
              FROM person_identities
             WHERE tenant_id = tenant AND reference LIKE 'email:%') r
     WHERE d.tenant_id = tenant AND d.reference = r.reference AND r.n > 1;
    UPDATE person_identities SET reference = pg_temp.canonical(reference)
     WHERE tenant_id = tenant AND reference <> pg_temp.canonical(reference);
    UPDATE people SET preferred_reference = pg_temp.canonical(preferred_reference)
     WHERE tenant_id = tenant AND preferred_reference <> pg_temp.canonical(preferred_reference);

    -- Groups: a member once, at the place first added.
    DELETE FROM group_members d
     USING (SELECT group_name, member,
                   row_number() OVER (PARTITION BY group_name, pg_temp.canonical(member) ORDER BY position) AS n
              FROM group_members
             WHERE tenant_id = tenant) r
     WHERE d.tenant_id = tenant AND d.group_name = r.group_name AND d.member = r.member AND r.n > 1;
    UPDATE group_members SET member = pg_temp.canonical(member)
     WHERE tenant_id = tenant AND member <> pg_temp.canonical(member);

    UPDATE runs SET requester = pg_temp.canonical(requester)
     WHERE tenant_id = tenant AND requester <> pg_temp.canonical(requester);

    -- Decisions: one per (task, person); the first stands.
    DELETE FROM task_decisions d
     USING (SELECT id, row_number() OVER (PARTITION BY task_id, pg_temp.canonical(person) ORDER BY id) AS n
              FROM task_decisions
             WHERE tenant_id = tenant) r
     WHERE d.tenant_id = tenant AND d.id = r.id AND r.n > 1;
    UPDATE task_decisions
       SET person = pg_temp.canonical(person),
           "by" = pg_temp.canonical("by"),
           on_behalf_of = pg_temp.canonical(on_behalf_of)
     WHERE tenant_id = tenant
       AND (person <> pg_temp.canonical(person) OR "by" <> pg_temp.canonical("by")
            OR on_behalf_of <> pg_temp.canonical(on_behalf_of));

    UPDATE task_delegations
       SET from_reference = pg_temp.canonical(from_reference),
           to_reference = pg_temp.canonical(to_reference),
           "by" = pg_temp.canonical("by")
     WHERE tenant_id = tenant
       AND (from_reference <> pg_temp.canonical(from_reference) OR to_reference <> pg_temp.canonical(to_reference)
            OR "by" <> pg_temp.canonical("by"));

    UPDATE task_links SET person = pg_temp.canonical(person)
     WHERE tenant_id = tenant AND person <> pg_temp.canonical(person);
    UPDATE task_copies SET recipient = pg_temp.canonical(recipient)
     WHERE tenant_id = tenant AND recipient <> pg_temp.canonical(recipient);

    UPDATE human_tasks
       SET requester = pg_temp.canonical(requester),
           closed_by = pg_temp.canonical(closed_by),
           submission = CASE
             WHEN jsonb_typeof(submission -> 'by') = 'string'
               THEN jsonb_set(submission, '{by}', to_jsonb(pg_temp.canonical(submission ->> 'by')))
             ELSE submission
           END
     WHERE tenant_id = tenant
       AND (requester <> pg_temp.canonical(requester) OR closed_by <> pg_temp.canonical(closed_by)
            OR submission ->> 'by' <> pg_temp.canonical(submission ->> 'by'));

    -- Designated people ([{ reference, viaGroup, round }]): canonical, once per round.
    FOR task IN
      SELECT h.id, h.designated, h.escalations, h.mode, h.status
        FROM human_tasks h
       WHERE h.tenant_id = tenant
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(h.designated) e
                      WHERE e.value ->> 'reference' <> pg_temp.canonical(e.value ->> 'reference'))
    LOOP
      SELECT coalesce(
               jsonb_agg(jsonb_set(e.value, '{reference}', to_jsonb(pg_temp.canonical(e.value ->> 'reference')))
                         ORDER BY e.ord),
               '[]'::jsonb)
        INTO new_designated
        FROM jsonb_array_elements(task.designated) WITH ORDINALITY AS e(value, ord)
       WHERE NOT EXISTS (
               SELECT 1 FROM jsonb_array_elements(task.designated) WITH ORDINALITY AS f(value, ord)
                WHERE f.ord < e.ord AND f.value -> 'round' = e.value -> 'round'
                  AND pg_temp.canonical(f.value ->> 'reference') = pg_temp.canonical(e.value ->> 'reference'));
      UPDATE human_tasks SET designated = new_designated WHERE id = task.id;
      IF task.status = 'open' AND task.mode = 'sequential' THEN
        UPDATE human_tasks
           SET position = (
             SELECT coalesce(min(r.n) FILTER (WHERE NOT r.decided) - 1, count(*))
               FROM (SELECT row_number() OVER (ORDER BY e.ord) AS n,
                            EXISTS (SELECT 1 FROM task_decisions d
                                     WHERE d.task_id = task.id AND d.person = e.value ->> 'reference') AS decided
                       FROM jsonb_array_elements(new_designated) WITH ORDINALITY AS e(value, ord)
                      WHERE (e.value ->> 'round')::int = task.escalations) r)
         WHERE id = task.id;
      END IF;
    END LOOP;
  END LOOP;
  PERFORM set_config('switchboard.tenant_id', '', true);
END
$$;

DROP FUNCTION pg_temp.canonical(text);
