import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { postgresBin, startPostgresCluster, type PostgresCluster } from '../../scripts/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the test run's PostgreSQL cluster (postgres.ts), or '' when PostgreSQL is not installed */
    postgresUrl: string;
  }
}

let cluster: PostgresCluster | undefined;

/**
 * The process tests run the bundled add-on exactly as `npm start` does, so build it once first. When Debian's
 * PostgreSQL is installed, one throwaway cluster serves every test that runs storage against PostgreSQL (each
 * makes a database of its own in it: test/helpers/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.SWITCHYARD_SKIP_BUILD !== '1') {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    execFileSync(
      process.execPath,
      [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' },
    );
    // what `npm start` runs: the panel's bundle and the server's (scripts/build-panel.mjs, build-server.mjs)
    for (const script of ['build-panel.mjs', 'build-server.mjs'])
      execFileSync(process.execPath, [fileURLToPath(new URL(`../../scripts/${script}`, import.meta.url))], {
        cwd: root,
        stdio: 'inherit',
      });
  }
  if (!cluster && postgresBin() !== undefined) {
    try {
      cluster = await startPostgresCluster();
    } catch (err) {
      // the PostgreSQL suites then skip, or under CI=true fail saying PostgreSQL is missing: never in silence
      process.stderr.write(`PostgreSQL is installed but its test cluster did not start: ${String(err)}\n`);
    }
  }
  project.provide('postgresUrl', cluster?.url ?? '');
  return async () => {
    await cluster?.stop();
    cluster = undefined;
  };
}
