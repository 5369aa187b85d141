import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Database } from '../store/index.js';
import { checkHealth } from './health.js';
import type { Logger } from './logger.js';

/**
 * The one HTTP application. Later parts (REST API, Slack and Teams endpoints, web chat, webhook
 * triggers) plug in as `routes`, mounted after the built-in routes and before the 404 handler.
 */

/** Adds routes or middleware to the application. */
export type HttpRoutes = (app: Express) => void;

export interface HttpAppDependencies {
  database: Database;
  logger: Logger;
  /** Highest migration this build ships, reported by /healthz. */
  latestMigration: number;
  routes?: HttpRoutes[];
  /** TRUST_PROXY: which proxies' X-Forwarded-For sets `request.ip`; unset, the connection's peer. */
  trustProxy?: string | undefined;
}

export function createHttpApp(deps: HttpAppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', trustProxyOf(deps.trustProxy));

  app.get('/healthz', async (_request, response) => {
    const report = await checkHealth(deps.database, { latestMigration: deps.latestMigration });
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  for (const addRoutes of deps.routes ?? []) addRoutes(app);

  app.use((request, response) => {
    response
      .status(404)
      .json({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.path}.` } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** Express's `trust proxy` value for TRUST_PROXY: a hop count, or names/addresses/CIDRs. */
function trustProxyOf(setting: string): number | string {
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

/** Whether Express accepts TRUST_PROXY (it compiles the setting at once and throws on bad addresses). */
export function isTrustProxySetting(setting: string): boolean {
  try {
    express().set('trust proxy', trustProxyOf(setting));
    return true;
  } catch {
    return false;
  }
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: Error & { status?: unknown }, request, response, _next) => {
    // Middleware such as body parsers mark client mistakes with a 4xx `status`.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      response.status(error.status).json({ error: { code: 'BAD_REQUEST', message: error.message } });
      return;
    }
    logger.error('request failed', { method: request.method, path: request.path, error });
    response
      .status(500)
      .json({ error: { code: 'INTERNAL', message: 'Something went wrong; see the server log.' } });
  };
}
