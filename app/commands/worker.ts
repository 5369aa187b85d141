import { createScheduler } from '../../engine/index.js';
import { openDatabase, runMigrations } from '../../store/index.js';
import { loadConfig, workerOptionsOf } from '../config.js';
import { createAppEngine } from '../engine.js';
import { createLogger } from '../logger.js';
import { type Command, parseCommandArgs } from './command.js';

/** `switchboard worker`: runs workflow steps only (no HTTP), for scale-out, until SIGINT/SIGTERM. */
export const workerCommand: Command = {
  summary: 'Run workflow steps only (scale-out), until SIGINT or SIGTERM',
  usage: '',
  async run(args, context) {
    parseCommandArgs(args, {});
    const config = loadConfig({ env: context.env, cwd: context.cwd });
    const logger = createLogger({
      level: config.LOG_LEVEL,
      format: config.LOG_FORMAT,
      stream: context.stderr,
    });
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.SWITCHBOARD_DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
      logger: logger.child({ component: 'store' }),
    });
    try {
      await runMigrations(database.pool, { logger: logger.child({ component: 'migrate' }) });
      const engine = await createAppEngine(config, database, logger);
      const scheduler = createScheduler({
        pool: database.pool,
        engine,
        logger: logger.child({ component: 'schedule' }),
      });
      await engine.runWorker(workerOptionsOf(config));
      scheduler.start();
      logger.info('worker running', { concurrency: config.WORKER_CONCURRENCY });
      const signal = await new Promise<string>((resolve) => {
        const stop = (name: string) => resolve(name);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      logger.info('shutting down', { reason: signal });
      await scheduler.stop();
      await engine.stop();
      return 0;
    } finally {
      await database.close();
    }
  },
};
