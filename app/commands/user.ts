import { addWebUser, WebUserError } from '../../bot/index.js';
import { DEFAULT_TENANT_NAME, ensureTenant } from '../../store/index.js';
import { UsageError } from '../errors.js';
import { type Command, configure, parseCommandArgs } from './command.js';
import { openCommandDatabase } from './command-database.js';

/**
 * `switchboard user add EMAIL [--tenant NAME] [--reset]`: a web chat login. Prints the generated
 * password alone on stdout (the only time it is shown); creates the tenant when it does not exist
 * yet, saying so on stderr. `--reset` gives an existing login a new password.
 */
export const userCommand: Command = {
  summary: 'Add a web chat login: user add EMAIL (prints a generated password)',
  usage: 'add EMAIL [--tenant NAME] [--reset]',
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { tenant: { type: 'string' }, reset: { type: 'boolean' } },
      true,
    );
    const [action, email, ...rest] = positionals;
    if (action !== 'add' || email === undefined || rest.length > 0) {
      throw new UsageError('Say user add EMAIL, e.g. switchboard user add ann@example.com.');
    }
    const { config, logger } = configure(context);
    const database = await openCommandDatabase(config, logger);
    try {
      const tenantName = values.tenant ?? DEFAULT_TENANT_NAME;
      const { tenant, created } = await ensureTenant(database.pool, tenantName);
      if (created) context.stderr.write(`Created tenant "${tenantName}" (${tenant.id}).\n`);
      try {
        const added = await addWebUser(database.pool, {
          tenantId: tenant.id,
          email,
          reset: values.reset === true,
        });
        context.stderr.write(
          `${added.created ? 'Added' : 'Reset the password of'} web chat login ${added.email} in tenant "${tenant.name}". ` +
            'Sign in at /chat with this password, shown only now:\n',
        );
        context.stdout.write(`${added.password}\n`);
        return 0;
      } catch (error) {
        if (error instanceof WebUserError) {
          context.stderr.write(`${error.message}\n`);
          return 1;
        }
        throw error;
      }
    } finally {
      await database.close();
    }
  },
};
