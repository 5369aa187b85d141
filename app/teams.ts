import {
  type ConversationCore,
  createTeamsAddressBook,
  createTeamsChannel,
  createTeamsConnector,
  createTeamsEndpoint,
  type TeamsConnector,
  type TeamsEndpoint,
} from '../bot/index.js';
import type { NotifierChannel, TaskChannel } from '../engine/index.js';
import type { Database } from '../store/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * Microsoft Teams in the composition root: the connector from TEAMS_* variables, the engine's
 * channel for `teams:` references (every process: web and workers post cards and chat steps),
 * and the messaging endpoint (the web process). All undefined when Teams is not configured.
 */

/** The Teams connector, or undefined when Teams is not configured. */
export function teamsConnectorOf(config: Config): TeamsConnector | undefined {
  return createTeamsConnector(teamsSettingsOf(config));
}

function teamsSettingsOf(config: Config) {
  return {
    clientId: config.TEAMS_CLIENT_ID,
    clientSecret: config.TEAMS_CLIENT_SECRET,
    tenantId: config.TEAMS_TENANT_ID,
    authorityEndpoint: config.TEAMS_AUTHORITY_URL,
    allowUnauthenticated: config.TEAMS_ALLOW_UNAUTHENTICATED,
  };
}

/** The engine's channel for `teams_user` and `teams_channel`, or undefined without Teams. */
export function teamsChannelOf(
  config: Config,
  database: Database,
): (NotifierChannel & TaskChannel) | undefined {
  const connector = teamsConnectorOf(config);
  if (!connector) return undefined;
  const withTenant = database.withTenant.bind(database);
  return createTeamsChannel({
    connector,
    addresses: createTeamsAddressBook(connector, withTenant),
    withTenant,
  });
}

/** `POST /api/messages` handing activities to `core`, or undefined without Teams. */
export function teamsEndpointOf(
  config: Config,
  deps: { core: ConversationCore; database: Database; logger: Logger },
): TeamsEndpoint | undefined {
  const connector = teamsConnectorOf(config);
  if (!connector) return undefined;
  const logger = deps.logger.child({ component: 'teams' });
  if (connector.mode === 'local') {
    logger.warn(
      'Microsoft Teams endpoint accepts unauthenticated requests (TEAMS_ALLOW_UNAUTHENTICATED=true)',
    );
  }
  return createTeamsEndpoint({
    connector,
    core: deps.core,
    db: deps.database.pool,
    withTenant: deps.database.withTenant.bind(deps.database),
    logger,
  });
}
