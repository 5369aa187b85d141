import { canonicalReference } from '../graph/index.js';
import type { TenantTx } from './tenancy.js';

/**
 * The people directory (migration 0006): a person of the tenant has several references (Slack
 * user, Teams user, email, …) and one preferred reference where requests reach them; groups
 * (`group:finance`) list member references. `createPeopleDirectory` answers the engine's
 * PeopleDirectory port from these tables (structurally: store does not import engine).
 *
 * References are stored and looked up in their canonical form (graph's `canonicalReference`:
 * `email:Ann@Example.com` is `email:ann@example.com`), whatever form callers pass; migration 0014
 * brought earlier rows to it.
 */

export interface Person {
  id: string;
  displayName: string | null;
  /** Where requests reach the person; null: their first reference. */
  preferredReference: string | null;
  /** Every reference of the person, sorted. */
  references: string[];
}

interface PersonRow {
  id: string;
  display_name: string | null;
  preferred_reference: string | null;
  references: string[];
}

const toPerson = (row: PersonRow): Person => ({
  id: row.id,
  displayName: row.display_name,
  preferredReference: row.preferred_reference,
  references: row.references,
});

/** The person with this reference, or null when nobody has it. */
export async function findPerson(tx: TenantTx, reference: string): Promise<Person | null> {
  const { rows } = await tx.query<PersonRow>(
    `SELECT p.id, p.display_name, p.preferred_reference,
            array(SELECT i.reference FROM person_identities i WHERE i.person_id = p.id ORDER BY i.reference) AS references
       FROM people p JOIN person_identities pi ON pi.person_id = p.id
      WHERE pi.reference = $1`,
    [canonicalReference(reference)],
  );
  return rows[0] === undefined ? null : toPerson(rows[0]);
}

/**
 * Makes `references` one person: references nobody has join; people who already had some of them
 * are merged into one (the oldest person survives, keeping their name and preferred reference
 * unless they had none). Returns the person.
 */
export async function linkIdentities(tx: TenantTx, references: readonly string[]): Promise<Person> {
  const unique = [...new Set(references.map(canonicalReference))];
  if (unique.length === 0) throw new RangeError('linkIdentities needs at least one reference.');
  const { rows: owners } = await tx.query<{
    id: string;
    display_name: string | null;
    preferred_reference: string | null;
  }>(
    `SELECT p.id, p.display_name, p.preferred_reference FROM people p
      WHERE p.id IN (SELECT person_id FROM person_identities WHERE reference = ANY($1))
      ORDER BY p.created_at, p.id FOR UPDATE`,
    [unique],
  );
  let personId: string;
  const survivor = owners[0];
  if (survivor === undefined) {
    const { rows } = await tx.query<{ id: string }>(`INSERT INTO people DEFAULT VALUES RETURNING id`);
    personId = rows[0]!.id;
  } else {
    personId = survivor.id;
    const others = owners.slice(1);
    if (others.length > 0) {
      const ids = others.map((o) => o.id);
      await tx.query(`UPDATE person_identities SET person_id = $1 WHERE person_id = ANY($2)`, [
        personId,
        ids,
      ]);
      await tx.query(
        `UPDATE people SET
            display_name = coalesce(display_name, $2),
            preferred_reference = coalesce(preferred_reference, $3)
          WHERE id = $1`,
        [
          personId,
          others.find((o) => o.display_name !== null)?.display_name ?? null,
          others.find((o) => o.preferred_reference !== null)?.preferred_reference ?? null,
        ],
      );
      await tx.query(`DELETE FROM people WHERE id = ANY($1)`, [ids]);
    }
  }
  await tx.query(
    `INSERT INTO person_identities (person_id, reference) SELECT $1, unnest($2::text[])
     ON CONFLICT (tenant_id, reference) DO NOTHING`,
    [personId, unique],
  );
  return (await findPerson(tx, unique[0]!)) as Person;
}

/** Creates or updates the person of `references` (merging as `linkIdentities`) with a name and preferred reference. */
export async function upsertPerson(
  tx: TenantTx,
  person: { references: readonly string[]; displayName?: string | null; preferredReference?: string | null },
): Promise<Person> {
  const linked = await linkIdentities(tx, [
    ...person.references,
    ...(person.preferredReference ? [person.preferredReference] : []),
  ]);
  if (person.displayName !== undefined) {
    await tx.query(`UPDATE people SET display_name = $2 WHERE id = $1`, [linked.id, person.displayName]);
  }
  if (person.preferredReference !== undefined) {
    return setPreferredReference(tx, linked.references[0]!, person.preferredReference);
  }
  return (await findPerson(tx, linked.references[0]!)) as Person;
}

/**
 * Sets where the person of `reference` is reached (null: their first reference). The preferred
 * reference becomes one of theirs if it was not.
 */
export async function setPreferredReference(
  tx: TenantTx,
  reference: string,
  preferred: string | null,
): Promise<Person> {
  const person = await linkIdentities(tx, preferred === null ? [reference] : [reference, preferred]);
  await tx.query(`UPDATE people SET preferred_reference = $2 WHERE id = $1`, [
    person.id,
    preferred === null ? null : canonicalReference(preferred),
  ]);
  return (await findPerson(tx, reference)) as Person;
}

/**
 * A chat platform told us who one of its users is: `platformReference` (e.g. `slack:user/U1`) and
 * their email become references of one person, and unless the person already chose where to be
 * reached, the platform becomes it, so requests addressed to their email reach them there.
 */
export async function linkChatUser(
  tx: TenantTx,
  platformReference: string,
  email: string | null,
): Promise<Person> {
  const person = await linkIdentities(
    tx,
    email === null ? [platformReference] : [platformReference, `email:${email}`],
  );
  if (person.preferredReference !== null) return person;
  return setPreferredReference(tx, platformReference, platformReference);
}

/** Creates the group, or updates its display name. */
export async function defineGroup(
  tx: TenantTx,
  name: string,
  displayName: string | null = null,
): Promise<void> {
  await tx.query(
    `INSERT INTO groups (name, display_name) VALUES ($1, $2)
     ON CONFLICT (tenant_id, name) DO UPDATE SET display_name = excluded.display_name`,
    [name, displayName],
  );
}

/** Replaces the members of the group (creating it when new), keeping the order given. */
export async function setGroupMembers(tx: TenantTx, name: string, members: readonly string[]): Promise<void> {
  await tx.query(`INSERT INTO groups (name) VALUES ($1) ON CONFLICT (tenant_id, name) DO NOTHING`, [name]);
  await tx.query(`DELETE FROM group_members WHERE group_name = $1`, [name]);
  await addGroupMembers(tx, name, members);
}

/** Adds members to the group (creating it when new); members already in it stay where they were. */
export async function addGroupMembers(tx: TenantTx, name: string, members: readonly string[]): Promise<void> {
  await tx.query(`INSERT INTO groups (name) VALUES ($1) ON CONFLICT (tenant_id, name) DO NOTHING`, [name]);
  for (const member of new Set(members.map(canonicalReference))) {
    await tx.query(`INSERT INTO group_members (group_name, member) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      name,
      member,
    ]);
  }
}

export async function removeGroupMembers(
  tx: TenantTx,
  name: string,
  members: readonly string[],
): Promise<void> {
  await tx.query(`DELETE FROM group_members WHERE group_name = $1 AND member = ANY($2)`, [
    name,
    members.map(canonicalReference),
  ]);
}

/** Members of the group in the order they were added; null when there is no such group. */
export async function selectGroupMembers(tx: TenantTx, name: string): Promise<string[] | null> {
  const { rows } = await tx.query<{ member: string | null }>(
    `SELECT m.member FROM groups g LEFT JOIN group_members m ON m.group_name = g.name
      WHERE g.name = $1 ORDER BY m.position`,
    [name],
  );
  if (rows.length === 0) return null;
  return rows.flatMap((r) => (r.member === null ? [] : [r.member]));
}

/** Runs work in a transaction of one tenant (the `Database.withTenant` shape). */
export type WithTenantFn = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** A parsed reference as the engine's port passes it (graph's ParsedReference, structurally). */
type ReferenceLike = { kind: string; id?: string; address?: string; name?: string };

/**
 * The engine's PeopleDirectory port over these tables. `emailOf` gives the address of the
 * person's `email:` reference; `contactOf` their preferred reference (else the reference asked
 * about); `identitiesOf` every reference of the person, the one asked about first. Every answer is
 * in canonical form, also for references nobody has.
 */
export function createPeopleDirectory(withTenant: WithTenantFn) {
  return {
    groupMembers: (tenantId: string, group: string) =>
      withTenant(tenantId, (tx) => selectGroupMembers(tx, group)),

    async emailOf(tenantId: string, person: ReferenceLike): Promise<string | null> {
      const reference = referenceOf(person);
      if (reference === null) return null;
      const found = await withTenant(tenantId, (tx) => findPerson(tx, reference));
      const email = found?.references.find((r) => r.startsWith('email:'));
      return email === undefined ? null : email.slice('email:'.length);
    },

    async identitiesOf(tenantId: string, reference: string): Promise<string[]> {
      const canonical = canonicalReference(reference);
      const found = await withTenant(tenantId, (tx) => findPerson(tx, canonical));
      return [canonical, ...(found?.references ?? []).filter((r) => r !== canonical)];
    },

    async contactOf(tenantId: string, reference: string): Promise<string> {
      const canonical = canonicalReference(reference);
      const found = await withTenant(tenantId, (tx) => findPerson(tx, canonical));
      return found?.preferredReference ?? canonical;
    },
  };
}

function referenceOf(person: ReferenceLike): string | null {
  switch (person.kind) {
    case 'email':
      return `email:${person.address}`;
    case 'slack_user':
      return `slack:user/${person.id}`;
    case 'teams_user':
      return `teams:user/${person.id}`;
    default:
      return null;
  }
}
