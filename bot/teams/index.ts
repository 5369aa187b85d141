/**
 * Microsoft Teams (issue 6): the messaging endpoint, Adaptive Card rendering, and Teams as the
 * engine's channel for `teams:user/…` and `teams:channel/…` (chat steps and task cards).
 */

export {
  createTeamsEndpoint,
  TEAMS_MESSAGES_PATH,
  type TeamsEndpoint,
  type TeamsEndpointOptions,
  type TeamsLogger,
} from './adapter.js';
export { createTeamsAddressBook, type TeamsAddressBook } from './addresses.js';
export {
  createTeamsChannel,
  TEAMS_CHANNEL,
  TEAMS_REFERENCE_KINDS,
  type TeamsChannelOptions,
} from './channel.js';
export {
  createTeamsConnector,
  type TeamsAuthOptions,
  type TeamsConnector,
  type TeamsMode,
  teamsModeOf,
} from './connector.js';
export { TeamsAuthError, TeamsConfigError, TeamsError } from './errors.js';
export type { TeamsMessageAddress } from './incoming.js';
export { type AdaptiveCard, cardActivity, renderCard } from './render.js';
export { teamsTenantName } from './tenants.js';
