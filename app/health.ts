import { currentMigrationVersion, type Database } from '../store/index.js';

/** What `GET /healthz` reports. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: {
    reachable: boolean;
    /** `url`, `embedded` or `shared`; see `Database.source`. */
    source: Database['source'];
    /** Why the database is unreachable; absent when it is reachable. */
    error?: string;
  };
  migrations: {
    /** Highest migration applied to the database; null when it cannot be read. */
    version: number | null;
    /** Highest migration this build ships. */
    latest: number;
  };
}

export interface HealthOptions {
  /** Highest migration this build ships. */
  latestMigration: number;
  /** Longest the database check may take; default 2000 ms. */
  timeoutMs?: number;
}

/** Checks that the database answers and reads its migration version. */
export async function checkHealth(database: Database, options: HealthOptions): Promise<HealthReport> {
  const migrations = { version: null as number | null, latest: options.latestMigration };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), options.timeoutMs ?? 2000);
    });
    migrations.version = await Promise.race([currentMigrationVersion(database.pool), timeout]);
    return { status: 'ok', database: { reachable: true, source: database.source }, migrations };
  } catch (error) {
    return {
      status: 'unavailable',
      database: { reachable: false, source: database.source, error: (error as Error).message },
      migrations,
    };
  } finally {
    clearTimeout(timer);
  }
}
