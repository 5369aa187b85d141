/**
 * Errors raised by the data layer. Each class has a stable `code` (for logs, the CLI and API
 * responses) and a message that names the thing that went wrong and what to do about it.
 */

/** Base class of every error thrown by `store/`. */
export class StoreError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The embedded PostgreSQL server could not be initialised, started or stopped. */
export class EmbeddedPostgresError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('EMBEDDED_POSTGRES_FAILED', message, options);
  }
}

/** The PostgreSQL server of DATABASE_URL does not accept our connection. */
export class DatabaseUnreachableError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('DATABASE_UNREACHABLE', message, options);
  }
}

/** Another process holds the data directory and we could not share or take it over in time. */
export class DataDirBusyError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('DATA_DIR_BUSY', message, options);
  }
}

/** A migration file is misnamed, duplicated, or the database is newer than this build. */
export class MigrationFileError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('MIGRATION_FILE_INVALID', message, options);
  }
}

/** Applying a migration failed; its transaction was rolled back and later ones were not run. */
export class MigrationFailedError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('MIGRATION_FAILED', message, options);
  }
}

/** `withTenant` was called with something that is not a tenant id. */
export class InvalidTenantIdError extends StoreError {
  constructor(tenantId: unknown) {
    super(
      'TENANT_ID_INVALID',
      `Tenant id ${JSON.stringify(tenantId)} is not a UUID; pass the id of a row in the tenants table.`,
    );
  }
}

/** A tenant name was not found or already exists. */
export class TenantNotFoundError extends StoreError {
  constructor(name: string) {
    super('TENANT_NOT_FOUND', `No tenant is named "${name}"; create it first or check the spelling.`);
  }
}
