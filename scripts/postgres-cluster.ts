// A throwaway PostgreSQL cluster from Debian's packages (`apt-get install postgresql`), for the tests and the
// benchmarks that run Switchyard's storage against PostgreSQL: initdb in a temp folder, the server on a free
// loopback port with trust authentication, stopped and deleted at the end. As root it runs as the `postgres`
// user the package creates (PostgreSQL refuses to run as root).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** the newest installed server's bin folder (Debian keeps each major version apart), or undefined */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** a URL of a new, empty database in the cluster */
  createDatabase(name: string): Promise<string>;
  /** stops the server and keeps its data (an outage, for tests); resume() starts it again */
  pause(): Promise<void>;
  /** starts the paused server again on the same port and data */
  resume(): Promise<void>;
  /** stops the server and deletes its data */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const data = join(dir, 'data');
  // as root: the `postgres` user's ids, given to the processes spawned (a signal then reaches the server itself)
  let user: { uid: number; gid: number } | undefined;
  if (asRoot) {
    // read from /etc/passwd, not `id`: a run with a bare PATH (the skipped-suites test) must find it too
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('postgres:'))
      ?.split(':');
    if (!entry) throw new Error('the postgres user the postgresql package creates is missing');
    user = { uid: Number(entry[2]), gid: Number(entry[3]) };
    chownSync(dir, user.uid, user.gid);
  }
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  // fsync off: a test cluster is thrown away, and durability is not what the tests measure
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ];
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ready = join(bin, 'pg_isready');
  /** starts the server and waits until it takes connections */
  const launch = async (): Promise<ChildProcess> => {
    const server = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
    let log = '';
    server.stderr?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-4_000);
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`PostgreSQL exited at start: ${log}`);
      if (spawnSync(ready, ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0) return server;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start within 20 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const halt = async (server: ChildProcess) => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGINT'); // fast shutdown
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
  };
  let server = await launch();
  const psql = join(bin, 'psql');
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const created = spawnSync(
        psql,
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-qAt', '-c', `CREATE DATABASE ${name}`],
        { encoding: 'utf8' },
      );
      if (created.status !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${created.stderr}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    pause: () => halt(server),
    async resume() {
      if (server.exitCode === null && server.signalCode === null) return;
      server = await launch();
    },
    async stop() {
      await halt(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
