/** Entry point of the `switchboard` command (bin/switchboard.js imports the compiled file). */
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2));
// Exit explicitly: pools and timers of a finished command must not keep the process alive.
process.exit(code);
