import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Queryable, WithTenantFn } from '../../store/index.js';
import type { ConversationCore, Incoming } from '../core/model.js';
import { createTeamsAddressBook, type TeamsAddressBook } from './addresses.js';
import type { TeamsConnector } from './connector.js';
import {
  ACTION_INVOKE_NAME,
  actionIncoming,
  isPersonal,
  messageIncoming,
  teamsTenantOf,
  withoutActivityId,
} from './incoming.js';
import { createTeamsPeople, type TeamsPeople } from './people.js';
import {
  type ActionInvokeBody,
  createInvokeAnswer,
  createTeamsResponder,
  INVOKE_MESSAGE_TYPE,
} from './responder.js';
import { createTeamsTenantResolver } from './tenants.js';

/**
 * The Teams messaging endpoint, `POST /api/messages` (the Azure Bot's messaging endpoint). Each
 * request passes, in order: the Agents SDK's JWT check (production: a valid Bot Framework token,
 * else 401; local mode: none), the tenant check (the activity's Teams tenant must be
 * TEAMS_TENANT_ID when that is set, else 403), and only then changes anything: the conversation
 * reference is remembered for proactive messages, and the activity goes to the conversation core.
 *
 * Messages are acknowledged at once and handled in the background (planning takes longer than
 * Teams waits); `Action.Execute` presses wait for the core's answer (bounded by
 * `invokeTimeoutMs`) so the pressed card can be replaced in the invoke response.
 */

/** Where Teams posts activities. Mounted before the REST API, whose `/api` router would take it. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface TeamsEndpointOptions {
  connector: TeamsConnector;
  core: ConversationCore;
  /** Owner pool: Teams tenants are looked up and created outside tenant transactions. */
  db: Queryable;
  withTenant: WithTenantFn;
  logger: TeamsLogger;
  /** Default: built from `connector` and `withTenant`. */
  addresses?: TeamsAddressBook;
  /** Default: built from `connector` and `withTenant`. */
  people?: TeamsPeople;
  /** How long a button press waits for the core before answering "Working on it…"; default 4,000 ms. */
  invokeTimeoutMs?: number;
}

export interface TeamsEndpoint {
  /** Mounts `POST /api/messages`. */
  routes(app: Express): void;
  /** Resolves when the work started by requests so far (messages handled in the background) is done. */
  drain(): Promise<void>;
}

/** Largest activity accepted. */
const BODY_LIMIT = '1mb';

export function createTeamsEndpoint(options: TeamsEndpointOptions): TeamsEndpoint {
  const { connector, core, logger } = options;
  const addresses = options.addresses ?? createTeamsAddressBook(connector, options.withTenant);
  const people =
    options.people ??
    createTeamsPeople({
      connector,
      withTenant: options.withTenant,
      onError: (person, error) => logger.warn('teams: member lookup failed', { person, error }),
    });
  const resolveTenant = createTeamsTenantResolver(options.db);
  const invokeTimeoutMs = options.invokeTimeoutMs ?? 4000;
  const inflight = new Set<Promise<void>>();

  const inBackground = (work: Promise<void>): Promise<void> => {
    const tracked = work.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
    return tracked;
  };

  /** Runs the core; failures are logged and the person told, never thrown at the platform. */
  const handleSafely = async (incoming: Incoming, responder: ReturnType<typeof createTeamsResponder>) => {
    try {
      await core.handle(incoming, responder);
    } catch (error) {
      logger.error('teams: handling failed', { kind: incoming.kind, error });
      await responder
        .postPrivate({
          text: 'Something went wrong.',
          blocks: [
            {
              type: 'text',
              text: 'Something went wrong; the administrators can find the details in the server log.',
            },
          ],
        })
        .catch(() => {});
    }
  };

  const responderFor = (
    activity: Activity,
    incoming: Incoming,
    invoke?: ReturnType<typeof createInvokeAnswer>,
  ) =>
    createTeamsResponder({
      connector,
      addresses,
      tenantId: incoming.actor.tenantId,
      actor: incoming.actor,
      reference: withoutActivityId(activity.getConversationReference()),
      direct: isPersonal(activity),
      ...(invoke ? { invoke } : {}),
    });

  async function onMessage(activity: Activity, tenantId: string): Promise<void> {
    const incoming = messageIncoming(activity, tenantId);
    if (!incoming) return;
    void inBackground(handleSafely(incoming, responderFor(activity, incoming)));
  }

  async function onAction(context: TurnContext, tenantId: string): Promise<void> {
    const activity = context.activity;
    const incoming = actionIncoming(activity, tenantId);
    if (!incoming) {
      await answerInvoke(context, {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'This button is not one of Switchboard’s.' },
      });
      return;
    }
    const invoke = createInvokeAnswer(activity.replyToId);
    let finished = false;
    const done = inBackground(handleSafely(incoming, responderFor(activity, incoming, invoke))).then(() => {
      finished = true;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, invokeTimeoutMs);
    });
    await Promise.race([invoke.settled, done, timeout]);
    clearTimeout(timer);
    invoke.answer({
      statusCode: 200,
      type: INVOKE_MESSAGE_TYPE,
      value: finished ? 'Done.' : 'Working on it…',
    });
    await answerInvoke(context, invoke.body!);
  }

  async function turn(context: TurnContext, teamsTenant: string): Promise<void> {
    const activity = context.activity;
    // Resolved (created on first contact) only now, after the SDK accepted the activity.
    const tenantId = await resolveTenant(teamsTenant);
    switch (activity.type) {
      case ActivityTypes.Message:
        await addresses.remember(tenantId, activity);
        await people.learn(tenantId, activity);
        await onMessage(activity, tenantId);
        return;
      case ActivityTypes.Invoke:
        if (activity.name !== ACTION_INVOKE_NAME) return;
        await addresses.remember(tenantId, activity);
        await people.learn(tenantId, activity);
        await onAction(context, tenantId);
        return;
      case ActivityTypes.ConversationUpdate:
        // The bot was installed (personal app, team, group chat): remember where it can post.
        if (activity.membersAdded?.some((member) => member.id === activity.recipient?.id)) {
          await addresses.remember(tenantId, activity);
        }
        return;
      default:
        return;
    }
  }

  const authorize = (request: Request, response: Response, next: NextFunction) => {
    connector.adapter
      .authorizeRequest(request as never, response as never, next)
      .catch((error: unknown) => next(error));
  };

  const guardTenant = (request: Request, response: Response, next: NextFunction) => {
    const body = request.body as Partial<Activity> | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      refuse(response, 400, 'TEAMS_BAD_ACTIVITY', 'The request body is not a Bot Framework activity.');
      return;
    }
    const teamsTenant = teamsTenantOf(body as Activity);
    if (!teamsTenant) {
      refuse(
        response,
        400,
        'TEAMS_TENANT_MISSING',
        'The activity names no Microsoft Teams tenant (channelData.tenant.id); Switchboard serves Teams tenants only.',
      );
      return;
    }
    const allowed = connector.allowedTenant;
    if (allowed && allowed.toLowerCase() !== teamsTenant.toLowerCase()) {
      logger.warn('teams: activity from another tenant refused', { teamsTenant });
      refuse(
        response,
        403,
        'TEAMS_TENANT_REFUSED',
        `This Switchboard serves only the Microsoft Teams tenant set in TEAMS_TENANT_ID; activities from tenant ${teamsTenant} are refused.`,
      );
      return;
    }
    response.locals.teamsTenant = teamsTenant;
    next();
  };

  const process = async (request: Request, response: Response, next: NextFunction) => {
    try {
      const teamsTenant = response.locals.teamsTenant as string;
      await connector.adapter.process(request as never, response as never, (context) =>
        turn(context, teamsTenant),
      );
    } catch (error) {
      next(error);
    }
  };

  return {
    routes(app) {
      app.post(TEAMS_MESSAGES_PATH, express.json({ limit: BODY_LIMIT }), authorize, guardTenant, process);
    },
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

async function answerInvoke(context: TurnContext, body: ActionInvokeBody): Promise<void> {
  await context.sendActivity(
    Activity.fromObject({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } }),
  );
}

function refuse(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}
