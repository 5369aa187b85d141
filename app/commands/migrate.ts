import { openDatabase, runMigrations } from '../../store/index.js';
import { type Command, configure, parseCommandArgs } from './command.js';

/** `switchboard migrate`: applies pending migrations (sharing a running `start`'s database). */
export const migrateCommand: Command = {
  summary: 'Apply pending database migrations',
  usage: '',
  async run(args, context) {
    parseCommandArgs(args, {});
    const { config, logger } = configure(context);
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.SWITCHBOARD_DATA_DIR,
      poolSize: 2,
      logger: logger.child({ component: 'store' }),
    });
    try {
      const result = await runMigrations(database.pool, { logger: logger.child({ component: 'migrate' }) });
      context.stdout.write(
        result.applied.length
          ? `Applied ${result.applied.join(', ')}; the database is at migration ${result.version}.\n`
          : `Nothing to apply; the database is at migration ${result.version}.\n`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
