import { ensureTenant, type Queryable } from '../../store/index.js';

/**
 * Teams tenants as Switchboard tenants: the Entra directory `<id>` is the tenant named
 * `teams:<id>`, created the first time someone from it talks to the bot. The mapping never
 * changes, so it is cached.
 */

/** Name of the Switchboard tenant of a Teams tenant. */
export function teamsTenantName(teamsTenantId: string): string {
  return `teams:${teamsTenantId.toLowerCase()}`;
}

/** Resolves (creating when missing) the Switchboard tenant id of a Teams tenant. */
export type TeamsTenantResolver = (teamsTenantId: string) => Promise<string>;

/** `db`: the owner pool (tenants are administrative, outside tenant transactions). */
export function createTeamsTenantResolver(db: Queryable): TeamsTenantResolver {
  const cache = new Map<string, string>();
  return async (teamsTenantId) => {
    const name = teamsTenantName(teamsTenantId);
    const cached = cache.get(name);
    if (cached) return cached;
    const { tenant } = await ensureTenant(db, name);
    cache.set(name, tenant.id);
    return tenant.id;
  };
}
