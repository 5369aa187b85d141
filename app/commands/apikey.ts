import {
  type ApiKey,
  createApiKey,
  DEFAULT_TENANT_NAME,
  ensureTenant,
  findTenant,
  listApiKeys,
  revokeApiKey,
  type Tenant,
} from '../../store/index.js';
import { UsageError } from '../errors.js';
import { type Command, type CommandContext, configure, parseCommandArgs } from './command.js';
import { openCommandDatabase } from './command-database.js';

/**
 * `switchboard apikey create|list|revoke`: API keys for the REST API. `create` prints the new
 * key alone on stdout (the only time it is shown) and creates the tenant when it does not exist
 * yet, saying so on stderr, so a fresh install can hand a key to a new team in one step.
 */
export const apikeyCommand: Command = {
  summary: 'Manage REST API keys: create (prints a new key), list, revoke ID',
  usage: 'create|list|revoke [ID] [--tenant NAME] [--name LABEL]',
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { tenant: { type: 'string' }, name: { type: 'string' } },
      true,
    );
    const [action, ...rest] = positionals;
    if (action !== 'create' && action !== 'list' && action !== 'revoke') {
      throw new UsageError('Say what to do: apikey create, apikey list or apikey revoke ID.');
    }
    if (action === 'revoke' ? rest.length !== 1 : rest.length !== 0) {
      throw new UsageError(action === 'revoke' ? 'Give the id of the key to revoke.' : 'Too many arguments.');
    }
    const { config, logger } = configure(context);
    const database = await openCommandDatabase(config, logger);
    try {
      const tenantName = values.tenant ?? DEFAULT_TENANT_NAME;
      if (action === 'create') {
        const tenant = await findOrCreateTenant(database.pool, tenantName, context);
        const label = values.name ?? `cli ${new Date().toISOString()}`;
        const { key, apiKey } = await database.withTenant(tenant.id, (tx) => createApiKey(tx, label));
        context.stderr.write(
          `Created API key ${apiKey.id} ("${apiKey.name}") for tenant "${tenant.name}". ` +
            'Keep it safe: it is shown only now.\n',
        );
        context.stdout.write(`${key}\n`);
        return 0;
      }
      const tenant = await findTenant(database.pool, tenantName);
      if (!tenant) {
        context.stderr.write(`There is no tenant named "${tenantName}".\n`);
        return 1;
      }
      if (action === 'list') {
        const keys = await database.withTenant(tenant.id, (tx) => listApiKeys(tx));
        for (const key of keys) context.stdout.write(`${describeKey(key)}\n`);
        if (keys.length === 0) context.stderr.write(`Tenant "${tenant.name}" has no API keys.\n`);
        return 0;
      }
      const id = rest[0] as string;
      const revoked = /^[0-9a-f-]{36}$/i.test(id)
        ? await database.withTenant(tenant.id, (tx) => revokeApiKey(tx, id))
        : false;
      if (!revoked) {
        context.stderr.write(`Tenant "${tenant.name}" has no live API key ${id}; see apikey list.\n`);
        return 1;
      }
      context.stderr.write(`Revoked API key ${id}.\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

async function findOrCreateTenant(
  pool: Parameters<typeof findTenant>[0],
  name: string,
  context: CommandContext,
): Promise<Tenant> {
  const { tenant, created } = await ensureTenant(pool, name);
  if (created) context.stderr.write(`Created tenant "${name}" (${tenant.id}).\n`);
  return tenant;
}

function describeKey(key: ApiKey): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'live';
  const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used';
  return `${key.id}  ${key.prefix}…  ${key.name}  created ${key.createdAt.toISOString()}  ${used}  ${state}`;
}
