import { createScheduler } from '../../engine/index.js';
import { workerOptionsOf } from '../config.js';
import { createAppEngine } from '../engine.js';
import { type Command, configure, parseCommandArgs } from './command.js';
import { openCommandDatabase } from './command-database.js';

/** `switchboard worker`: runs workflow steps only (no HTTP), for scale-out, until SIGINT/SIGTERM. */
export const workerCommand: Command = {
  summary: 'Run workflow steps only (scale-out), until SIGINT or SIGTERM',
  usage: '',
  async run(args, context) {
    parseCommandArgs(args, {});
    const { config, logger } = configure(context);
    const database = await openCommandDatabase(config, logger, config.DATABASE_POOL_SIZE);
    try {
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
