/**
 * The admin surfaces: the REST API (`/api`, tenant API keys) and the webhook trigger route
 * (`/hooks/:workflowId`). The composition root mounts them on the one HTTP app; the admin web
 * view joins them here later.
 */
import express, { type Express, Router } from 'express';
import type { Clock, Engine } from '../engine/index.js';
import { createWebhookHandler, type WebhookEngine } from '../engine/triggers/index.js';
import type { Queryable } from '../store/index.js';
import { type ApiLogger, apiErrorHandler, apiNotFound } from './api/error-handler.js';
import { type EventsEngine, eventsRouter } from './api/events.js';
import { type RunsEngine, runsRouter } from './api/runs.js';
import { type WorkflowsEngine, workflowsRouter } from './api/workflows.js';
import { requireApiKey } from './auth.js';

export { type ApiCaller, callerOf, requireApiKey } from './auth.js';
export { AdminError, ApiError } from './errors.js';

/** Largest JSON body the REST API reads (workflow documents included). */
export const API_BODY_LIMIT = '1mb';

/** What the REST API needs of the engine. */
export type RestApiEngine = WorkflowsEngine & RunsEngine & EventsEngine;

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

/** Both, for the composition root. */
export function adminRoutes(
  options: RestApiOptions & { engine: Engine; clock?: Clock },
): ((app: Express) => void)[] {
  return [
    restApiRoutes(options),
    webhookRoutes({
      engine: options.engine,
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  ];
}
