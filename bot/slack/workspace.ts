import { ensureTenant, type Queryable } from '../../store/index.js';
import { SlackAuthError } from './errors.js';
import type { SlackWebClient } from './web-client.js';

/**
 * The Slack workspace the bot token belongs to, and its tenant: a workspace (team) is a tenant
 * named `slack:<TEAM_ID>`, created the first time the bot connects.
 */
export interface SlackWorkspace {
  teamId: string;
  tenantId: string;
  /** The bot's user id (what `<@…>` mentions of it contain). */
  botUserId: string;
  botId: string | undefined;
}

/** The tenant name of a Slack team. */
export const tenantNameOfTeam = (teamId: string) => `slack:${teamId}`;

/** Asks Slack who the token is (`auth.test`) and finds or creates the team's tenant. */
export async function connectWorkspace(client: SlackWebClient, db: Queryable): Promise<SlackWorkspace> {
  let auth: Awaited<ReturnType<SlackWebClient['auth']['test']>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new SlackAuthError(reason, { cause: error });
  }
  if (!auth.team_id || !auth.user_id) throw new SlackAuthError('auth.test named no team or bot user');
  const name = tenantNameOfTeam(auth.team_id);
  const { tenant } = await ensureTenant(db, name);
  return { teamId: auth.team_id, tenantId: tenant.id, botUserId: auth.user_id, botId: auth.bot_id };
}

/**
 * The token's workspace, asked of Slack on first use and then remembered: worker processes may
 * start before Slack answers. A failed ask is not remembered, so the next use asks again.
 */
export function workspaceOnFirstUse(client: SlackWebClient, db: Queryable): () => Promise<SlackWorkspace> {
  let workspace: Promise<SlackWorkspace> | undefined;
  return () => {
    workspace ??= connectWorkspace(client, db).catch((error: unknown) => {
      workspace = undefined;
      throw error;
    });
    return workspace;
  };
}
