import {
  Activity,
  type ChannelAccount,
  type ConversationParameters,
  type ConversationReference,
} from '@microsoft/agents-activity';
import {
  type AuthConfiguration,
  CloudAdapter,
  type Connections,
  type ConnectorClient,
} from '@microsoft/agents-hosting';
import { TeamsAuthError, TeamsConfigError } from './errors.js';

/**
 * The Bot Framework side of Teams, through the Agents SDK's `CloudAdapter`: inbound requests
 * are authenticated by it (`authorizeRequest`), outbound calls (post, update, open a personal
 * chat) go to the conversation's `serviceUrl` with a token for the bot.
 *
 * Modes
 * - production (TEAMS_CLIENT_ID + TEAMS_CLIENT_SECRET, optionally TEAMS_TENANT_ID): every request
 *   must carry a Bot Framework JWT whose signature, audience (the client id), issuer and service
 *   URL check out; outgoing calls carry a token from Entra (MSAL client credentials).
 * - local (TEAMS_ALLOW_UNAUTHENTICATED=true and no credentials): requests without a token are
 *   accepted and outgoing calls carry none — for the Agents Playground or a local fake, never for
 *   a server reachable from outside.
 *
 * Every outgoing call runs inside `continueConversation`, which builds a connector client for the
 * reference's service URL; nothing here depends on an inbound turn still being open.
 */

export type TeamsMode = 'production' | 'local';

export interface TeamsAuthOptions {
  /** TEAMS_CLIENT_ID: the bot's Entra app (client) id. */
  clientId?: string | undefined;
  /** TEAMS_CLIENT_SECRET */
  clientSecret?: string | undefined;
  /** TEAMS_TENANT_ID: the bot's Entra tenant (single-tenant bots); also the only Teams tenant served. */
  tenantId?: string | undefined;
  /** TEAMS_ALLOW_UNAUTHENTICATED: local mode; refused together with credentials. Default false. */
  allowUnauthenticated?: boolean | undefined;
  /** Entra authority; default the SDK's (`https://login.microsoftonline.com`). For sovereign clouds. */
  authorityEndpoint?: string | undefined;
  /** Token providers for outgoing calls; default the SDK's MSAL client-credentials flow. */
  connections?: Connections | undefined;
}

/** A Teams member as `GET /v3/conversations/{id}/members/{userId}` describes them. */
export interface TeamsMember {
  id?: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** The activity fields we send; `Activity.fromObject` fills in the rest. */
export type OutgoingActivity = Record<string, unknown> & { type: string };

export interface TeamsConnector {
  readonly mode: TeamsMode;
  readonly adapter: CloudAdapter;
  /** The only Teams tenant served (TEAMS_TENANT_ID), or undefined for any. */
  readonly allowedTenant: string | undefined;
  /** Posts `activity` to the reference's conversation; returns the new activity's id. */
  send(reference: ConversationReference, activity: OutgoingActivity): Promise<string>;
  /** Replaces activity `activityId` of the reference's conversation. */
  update(reference: ConversationReference, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** What Teams says about a member of the reference's conversation (name, email, UPN). */
  memberOf(reference: ConversationReference, userId: string): Promise<TeamsMember>;
  /** Opens (or finds: Teams returns the existing one) the personal chat of `user`, through the service of `via`. */
  openPersonalChat(
    via: ConversationReference,
    user: ChannelAccount,
    teamsTenantId: string,
  ): Promise<ConversationReference>;
}

/** Decides the mode from the settings, refusing incomplete or contradictory ones. */
export function teamsModeOf(options: TeamsAuthOptions): TeamsMode | undefined {
  const credentials = [options.clientId, options.clientSecret].filter(Boolean).length;
  if (options.allowUnauthenticated && (credentials > 0 || options.tenantId)) {
    throw new TeamsConfigError(
      'TEAMS_ALLOW_UNAUTHENTICATED=true turns request authentication off and cannot be combined with TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET or TEAMS_TENANT_ID; unset one or the other.',
    );
  }
  if (credentials === 2) return 'production';
  if (credentials === 1 || options.tenantId) {
    throw new TeamsConfigError(
      'Microsoft Teams needs both TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET (and TEAMS_TENANT_ID for a single-tenant bot); set the missing ones or unset all of them.',
    );
  }
  return options.allowUnauthenticated ? 'local' : undefined;
}

/** The connector for these settings, or undefined when Teams is not configured. */
export function createTeamsConnector(options: TeamsAuthOptions): TeamsConnector | undefined {
  const mode = teamsModeOf(options);
  if (mode === undefined) return undefined;
  const adapter = new CloudAdapter(authConfigurationOf(options, mode), undefined, undefined, {
    // The token's `serviceurl` claim must name the host the activity asks us to call back.
    validateServiceUrl: mode === 'production',
  });
  if (options.connections) adapter.connectionManager = options.connections;
  // Turn errors are ours to report (adapter.ts); the SDK's default would post "fix the source code".
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  // Local mode has no bot identity: an identity without `aud` makes the SDK call without a token.
  const identity: Parameters<CloudAdapter['continueConversation']>[0] =
    mode === 'production' ? options.clientId! : {};

  async function withClient<T>(
    reference: ConversationReference,
    fn: (client: ConnectorClient) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    let connected = false;
    try {
      await adapter.continueConversation(identity, reference, async (context) => {
        connected = true;
        result = { value: await fn(context.turnState.get<ConnectorClient>(adapter.ConnectorClientKey)) };
      });
    } catch (error) {
      // Before the callback, the SDK only gets the bot's token: a failure there is Entra's answer.
      if (!connected && isMsalError(error)) throw tokenError(error, options);
      throw error;
    }
    return result!.value;
  }

  const activityFor = (reference: ConversationReference, activity: OutgoingActivity, id?: string) =>
    Activity.fromObject({
      ...activity,
      ...(id ? { id } : {}),
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      ...(reference.agent ? { from: reference.agent } : {}),
    });

  return {
    mode,
    adapter,
    allowedTenant: options.tenantId,
    send: (reference, activity) =>
      withClient(reference, async (client) => {
        const response = await client.sendToConversation(
          reference.conversation.id,
          activityFor(reference, activity),
        );
        return response.id ?? '';
      }),
    update: (reference, activityId, activity) =>
      withClient(reference, async (client) => {
        await client.updateActivity(
          reference.conversation.id,
          activityId,
          activityFor(reference, activity, activityId),
        );
      }),
    memberOf: (reference, userId) =>
      withClient(reference, async (client) => {
        const member = await client.getConversationMember(userId, reference.conversation.id);
        return member as TeamsMember;
      }),
    openPersonalChat: (via, user, teamsTenantId) =>
      withClient(via, async (client) => {
        const parameters = {
          isGroup: false,
          members: [{ id: user.id }],
          tenantId: teamsTenantId,
          channelData: { tenant: { id: teamsTenantId } },
        } as unknown as ConversationParameters;
        const created = await client.createConversation(parameters);
        return {
          channelId: via.channelId,
          serviceUrl: created.serviceUrl || via.serviceUrl,
          agent: via.agent,
          user,
          conversation: { id: created.id, conversationType: 'personal', tenantId: teamsTenantId },
        } as ConversationReference;
      }),
  };
}

function authConfigurationOf(options: TeamsAuthOptions, mode: TeamsMode): AuthConfiguration {
  if (mode === 'local') {
    // Explicit undefineds: the SDK would otherwise fill gaps from `clientId`/`tenantId` variables.
    return { clientId: undefined, clientSecret: undefined, tenantId: undefined };
  }
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tenantId: options.tenantId,
    ...(options.authorityEndpoint ? { authorityEndpoint: options.authorityEndpoint } : {}),
    // Tokens must come from Bot Framework or the bot's own tenant, not from just any Entra tenant.
    validateIssuer: true,
  };
}

/** MSAL's errors (`AuthError` and subclasses) carry a string `errorCode`, e.g. `invalid_client`. */
function isMsalError(error: unknown): error is Error & { errorCode: string; status?: number } {
  return error instanceof Error && typeof (error as { errorCode?: unknown }).errorCode === 'string';
}

function tokenError(error: Error & { status?: number }, options: TeamsAuthOptions): TeamsAuthError {
  const where = {
    authority: options.authorityEndpoint ?? 'https://login.microsoftonline.com',
    tenant: options.tenantId ?? 'botframework.com',
  };
  return new TeamsAuthError(where, typeof error.status === 'number' ? error.status : undefined, {
    cause: error,
  });
}
