// PostgreSQL for the storage tests: a fresh database in the run's throwaway cluster (global-setup.ts) per call,
// so tests never see each other's rows. Without PostgreSQL installed the suites that need it skip themselves and
// the run ends saying so (optional-tools.ts); in CI (CI=true) .ci/run installs it and a missing one fails.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';

const url = inject('postgresUrl');

/** Whether the run has a PostgreSQL cluster. */
export const postgresAvailable = url !== '';
export const postgresRequired = process.env.CI === 'true';

/** The URL of a new, empty database. */
export async function freshPostgresDatabase(prefix = 't'): Promise<string> {
  if (!url) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
