import type { ParsedReference } from '../graph/index.js';

/**
 * The port through which steps learn about people (GRAPH.md "People and places"): who is in a
 * tenant group, and which email address a person has on record. The identity mapping behind it
 * (people, groups across Slack, Teams and email) lives in `store/` and is plugged in by the
 * composition root; `noPeopleDirectory` knows nobody.
 */
export interface PeopleDirectory {
  /** Members of `group:<name>` as person references (`email:…`, `slack:user/…`); null when unknown. */
  groupMembers(tenantId: string, group: string): Promise<string[] | null>;
  /** The email address of a person reference that is not already `email:`; null when unknown. */
  emailOf(tenantId: string, person: ParsedReference): Promise<string | null>;
}

/** A directory without people: groups are unknown and only `email:` references have addresses. */
export const noPeopleDirectory: PeopleDirectory = {
  groupMembers: async () => null,
  emailOf: async () => null,
};
