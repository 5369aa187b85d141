import { canonicalReference, type ParsedReference } from '../graph/index.js';

/**
 * The port through which steps learn about people (GRAPH.md "People and places"): who is in a
 * tenant group, and which email address a person has on record. The identity mapping behind it
 * (people, groups across Slack, Teams and email) lives in `store/` and is plugged in by the
 * composition root; `noPeopleDirectory` knows nobody. References it answers are canonical
 * (graph's `canonicalReference`: `email:Ann@Example.com` is `email:ann@example.com`), whatever
 * form it was asked with.
 */
export interface PeopleDirectory {
  /** Members of `group:<name>` as person references (`email:…`, `slack:user/…`); null when unknown. */
  groupMembers(tenantId: string, group: string): Promise<string[] | null>;
  /** The email address of a person reference that is not already `email:`; null when unknown. */
  emailOf(tenantId: string, person: ParsedReference): Promise<string | null>;
  /**
   * Every reference of the same person (Slack user, Teams user, email, web login), `reference`
   * itself (canonical) first; just that for someone unknown. Deciding on a task compares people
   * through this, so an approver named by email may decide from Slack.
   */
  identitiesOf(tenantId: string, reference: string): Promise<string[]>;
  /** Where to reach a person: their preferred reference (e.g. `slack:user/U1` for `email:ann@x.org`); the reference itself when unknown. */
  contactOf(tenantId: string, reference: string): Promise<string>;
}

/** A directory without people: groups are unknown and only `email:` references have addresses. */
export const noPeopleDirectory: PeopleDirectory = {
  groupMembers: async () => null,
  emailOf: async () => null,
  identitiesOf: async (_tenantId, reference) => [canonicalReference(reference)],
  contactOf: async (_tenantId, reference) => canonicalReference(reference),
};
