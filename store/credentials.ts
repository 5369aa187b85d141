import { z } from 'zod';
import { StoreError } from './errors.js';
import type { SecretBox } from './secret-box.js';
import type { TenantTx } from './tenancy.js';

/**
 * Named credentials of a tenant, used by `http` steps (`auth.credential`). The secret part is
 * sealed with the secret box before it reaches the database and opened only in memory when a
 * step needs it; nothing here logs a secret or puts one in an error message.
 */

const Text = z.string().min(1).max(8192);

/** What a credential holds, by type. */
export const CredentialSecret = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: Text }),
  z.strictObject({ type: z.literal('basic'), username: Text, password: z.string().max(8192) }),
  z.strictObject({
    type: z.literal('header'),
    name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/, { message: 'must be an HTTP header name' }),
    value: Text,
  }),
]);
export type CredentialSecret = z.infer<typeof CredentialSecret>;

export const CREDENTIAL_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** A credential name or secret that cannot be stored; the message never repeats the secret. */
export class InvalidCredentialError extends StoreError {
  constructor(message: string) {
    super('CREDENTIAL_INVALID', message);
  }
}

export interface CredentialSummary {
  name: string;
  type: CredentialSecret['type'];
  updatedAt: Date;
}

export interface Credentials {
  /** Stores (or replaces) the credential `name` of the transaction's tenant. */
  putCredential(tx: TenantTx, name: string, secret: CredentialSecret): Promise<void>;
  /** The decrypted credential, or null when the tenant has none of that name. */
  getCredential(tx: TenantTx, name: string): Promise<CredentialSecret | null>;
  /** Names and types of the tenant's credentials, by name; never the secrets. */
  listCredentialNames(tx: TenantTx): Promise<CredentialSummary[]>;
  /** Removes a credential; false when there was none. */
  deleteCredential(tx: TenantTx, name: string): Promise<boolean>;
}

/** Binds a sealed value to its row, so it cannot be moved to another tenant or name. */
const sealContext = (tenantId: string, name: string) => `credential:${tenantId}:${name}`;

function checkName(name: string): void {
  if (!CREDENTIAL_NAME.test(name)) {
    throw new InvalidCredentialError(
      `"${name.slice(0, 80)}" is not a credential name: use lower-case letters, digits, "_" and "-", ` +
        'starting with a letter (at most 64).',
    );
  }
}

/** The credential store over `box` (see secret-box.ts). */
export function createCredentials(box: SecretBox): Credentials {
  return {
    async putCredential(tx, name, secret) {
      checkName(name);
      const parsed = CredentialSecret.safeParse(secret);
      if (!parsed.success) {
        // Only paths and messages: zod issues never carry the rejected value here.
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'secret'}: ${issue.message}`,
        );
        throw new InvalidCredentialError(`Credential "${name}" is not valid: ${problems.join('; ')}.`);
      }
      const sealed = box.seal(JSON.stringify(parsed.data), sealContext(tx.tenantId, name));
      await tx.query(
        `INSERT INTO credentials (name, type, sealed) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, name) DO UPDATE SET type = excluded.type, sealed = excluded.sealed, updated_at = now()`,
        [name, parsed.data.type, sealed],
      );
    },

    async getCredential(tx, name) {
      checkName(name);
      const { rows } = await tx.query<{ sealed: string }>('SELECT sealed FROM credentials WHERE name = $1', [
        name,
      ]);
      const row = rows[0];
      if (row === undefined) return null;
      return CredentialSecret.parse(JSON.parse(box.open(row.sealed, sealContext(tx.tenantId, name))));
    },

    async listCredentialNames(tx) {
      const { rows } = await tx.query<{ name: string; type: CredentialSecret['type']; updated_at: Date }>(
        'SELECT name, type, updated_at FROM credentials ORDER BY name',
      );
      return rows.map((row) => ({ name: row.name, type: row.type, updatedAt: row.updated_at }));
    },

    async deleteCredential(tx, name) {
      checkName(name);
      const { rowCount } = await tx.query('DELETE FROM credentials WHERE name = $1', [name]);
      return (rowCount ?? 0) > 0;
    },
  };
}
