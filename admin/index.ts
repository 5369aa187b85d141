/**
 * The admin surfaces: the REST API (`/api`, tenant API keys), the webhook trigger route
 * (`/hooks/:workflowId`) and the task page of email approvals (`/tasks/respond/:token`). The
 * composition root mounts them on the one HTTP app; the admin web view joins them here later.
 */
import express, { type Express, Router } from 'express';
import type pg from 'pg';
import type { Clock, Engine } from '../engine/index.js';
import { createWebhookHandler, type WebhookEngine } from '../engine/triggers/index.js';
import type { Queryable } from '../store/index.js';
import { type ApiLogger, apiErrorHandler, apiNotFound } from './api/error-handler.js';
import { type EventsEngine, eventsRouter } from './api/events.js';
import { type RunsEngine, runsRouter } from './api/runs.js';
import { type TasksEngine, tasksRouter } from './api/tasks.js';
import { type WorkflowsEngine, workflowsRouter } from './api/workflows.js';
import { requireApiKey } from './auth.js';
import { taskPageRoutes } from './task-page.js';

export { type ApiCaller, callerOf, requireApiKey } from './auth.js';
export { AdminError, ApiError } from './errors.js';
export { type TaskPageEngine, type TaskPageOptions, taskPageRoutes } from './task-page.js';

/** Largest JSON body the REST API reads (workflow documents included). */
export const API_BODY_LIMIT = '1mb';

/** What the REST API needs of the engine. */
export type RestApiEngine = WorkflowsEngine & RunsEngine & EventsEngine & TasksEngine;

export interface RestApiOptions {
  /** Where API keys are looked up (the owner pool; no tenant needed). */
  db: Queryable;
  engine: RestApiEngine;
  logger: ApiLogger;
}

/** Mounts the REST API under `/api`: API key first, then the JSON body, then the routers. */
export function restApiRoutes(options: RestApiOptions): (app: Express) => void {
  return (app) => {
    const api = Router();
    api.use(requireApiKey(options.db));
    api.use(express.json({ limit: API_BODY_LIMIT }));
    api.use('/workflows', workflowsRouter(options.engine));
    api.use('/runs', runsRouter(options.engine));
    api.use('/events', eventsRouter(options.engine));
    api.use('/tasks', tasksRouter(options.engine));
    api.use(apiNotFound);
    api.use(apiErrorHandler(options.logger));
    app.use('/api', api);
  };
}

export interface WebhookRoutesOptions {
  engine: WebhookEngine;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: ApiLogger;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
}

/** Mounts `POST /hooks/:workflowId` (reads its raw body itself; no body parser before it). */
export function webhookRoutes(options: WebhookRoutesOptions): (app: Express) => void {
  const handle = createWebhookHandler(options);
  return (app) => {
    app.post('/hooks/:workflowId', (request, response) =>
      handle(request, response, request.params.workflowId),
    );
  };
}

/** Everything, for the composition root: REST API, webhook triggers, and the task page of email approvals. */
export function adminRoutes(
  options: RestApiOptions & {
    /** The owner pool (API keys, task links, tenant transactions of the task page). */
    db: pg.Pool;
    engine: Engine;
    clock?: Clock;
    /** `PUBLIC_URL`, accepted as the Origin of task page posts. */
    publicUrl?: string;
  },
): ((app: Express) => void)[] {
  const clock = options.clock ? { clock: options.clock } : {};
  return [
    restApiRoutes(options),
    webhookRoutes({ engine: options.engine, logger: options.logger, ...clock }),
    taskPageRoutes({
      pool: options.db,
      engine: options.engine,
      logger: options.logger,
      ...clock,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    }),
  ];
}
