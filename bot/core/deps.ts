/**
 * What the conversation core needs, passed in by the composition root (CONVENTIONS 6): the
 * engine's public API with its task service, the planner (null without an LLM), the database
 * and a clock. Nothing here is a singleton; tests build it with a real database and a scripted
 * planner.
 */
import type pg from 'pg';
import type { Clock, Engine, EngineLogger, Notifier, TaskService } from '../../engine/index.js';
import type { Planner, PlanningContextInput } from '../../planner/index.js';
import { type TenantTx, withTenant } from '../../store/index.js';
import type { Actor } from './model.js';

/** The parts of the engine the chat uses. */
export type ChatEngine = Pick<
  Engine,
  | 'createWorkflow'
  | 'updateWorkflow'
  | 'activateWorkflow'
  | 'deactivateWorkflow'
  | 'listWorkflows'
  | 'getWorkflow'
  | 'startRun'
  | 'listRuns'
  | 'getRun'
> & { tasks: TaskService };

export interface ConversationCoreDeps {
  engine: ChatEngine;
  /** Null when no LLM provider is configured: describing answers with the variables to set. */
  planner: Planner | null;
  /** Pool connected as the database owner; tenant work goes through `withTenant`. */
  pool: pg.Pool;
  /** Base URL people's browsers and webhook senders reach this server at, e.g. `https://sb.example.com`. */
  publicUrl: string;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: EngineLogger;
  /**
   * What the planner may use besides what the person writes (people, credentials, hosts,
   * events, entities). Default: the tenant's credential names, record entities and web users.
   */
  planningContext?: (actor: Actor) => Promise<PlanningContextInput>;
}

/** The deps with defaults applied, plus tenant transactions. */
export interface CoreServices extends Required<Omit<ConversationCoreDeps, 'planningContext'>> {
  planningContext: (actor: Actor) => Promise<PlanningContextInput>;
  inTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  now(): Date;
}

/** How run notices reach people: the engine's notifier (chat adapters register their channels on it). */
export interface RunNoticeDeps {
  engine: Pick<Engine, 'getWorkflow'>;
  notifier: Notifier;
  logger?: EngineLogger;
}

const silent: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function servicesOf(deps: ConversationCoreDeps): CoreServices {
  const clock = deps.clock ?? { now: () => new Date() };
  const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) =>
    withTenant(deps.pool, tenantId, fn);
  return {
    engine: deps.engine,
    planner: deps.planner,
    pool: deps.pool,
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    clock,
    logger: deps.logger ?? silent,
    planningContext: deps.planningContext ?? ((actor) => tenantPlanningContext(inTenant, actor)),
    inTenant,
    now: () => clock.now(),
  };
}

/**
 * The default planning context: the tenant's credential names, record entities and web users
 * (as `email:` people), plus the actor. Hosts are not listed: an HTTP step's host is allowed when
 * the person wrote it.
 */
async function tenantPlanningContext(
  inTenant: CoreServices['inTenant'],
  actor: Actor,
): Promise<PlanningContextInput> {
  return inTenant(actor.tenantId, async (tx) => {
    const credentials = await tx.query<{ name: string }>(`SELECT name FROM credentials ORDER BY name`);
    const entities = await tx.query<{ entity: string }>(
      `SELECT DISTINCT entity FROM records ORDER BY entity`,
    );
    const users = await tx.query<{ email: string }>(`SELECT email FROM web_users ORDER BY email LIMIT 200`);
    const people = users.rows.map((u) => ({ reference: `email:${u.email}`, label: u.email }));
    if (!people.some((p) => p.reference === actor.person)) {
      people.unshift({ reference: actor.person, label: actor.displayName ?? actor.person });
    }
    return {
      tenantId: actor.tenantId,
      ...(actor.locale ? { locale: actor.locale } : {}),
      people,
      credentials: credentials.rows.map((c) => c.name),
      entities: entities.rows.map((e) => e.entity),
    };
  });
}
