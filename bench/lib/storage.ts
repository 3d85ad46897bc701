// Which database Switchyard stores into during a bench run: SQLite in each process's data folder (the default), or
// PostgreSQL with BENCH_STORAGE=postgres: one throwaway cluster for the whole run (scripts/postgres-cluster.ts,
// Debian's packages), and a fresh database in it for every Switchyard process, given to it as
// SWITCHYARD_DATABASE_URL. The bench reads history rows from whichever engine the process writes to
// (history-db.ts), and for PostgreSQL it measures the server's CPU (the postmaster and every backend), which
// for SQLite is part of Switchyard's own.
import { readdirSync, readFileSync } from 'node:fs';
import { type PostgresCluster, postgresBin, startPostgresCluster } from '../../scripts/postgres-cluster.js';
import { openHistoryDb, openPgHistoryDb, type StoredHistory } from './history-db.js';

export type StorageEngine = 'sqlite' | 'postgres';

/** BENCH_STORAGE: unset, empty or `sqlite` is SQLite; `postgres` is PostgreSQL; anything else is refused */
export function storageEngine(value = process.env.BENCH_STORAGE): StorageEngine {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'sqlite') return 'sqlite';
  if (v === 'postgres') return 'postgres';
  throw new Error(`BENCH_STORAGE=${value}: expected sqlite (the default) or postgres`);
}

/** One Switchyard process's database. */
export interface SwitchyardDatabase {
  /** SWITCHYARD_* settings that point the process at it (none for SQLite: it lives in the data folder) */
  readonly env: Record<string, string>;
  /** the PostgreSQL URL (undefined for SQLite) */
  readonly url: string | undefined;
  /** the history rows on disk, read beside the process (call once the process is started) */
  openHistory(dataDir: string): Promise<StoredHistory>;
}

export interface BenchStorage {
  readonly engine: StorageEngine;
  /** what the report records about the engine */
  readonly info: { readonly engine: StorageEngine } & Readonly<Record<string, string>>;
  /** a fresh database for one Switchyard process (`name`: a plain identifier, unique in the run) */
  database(name: string): Promise<SwitchyardDatabase>;
  /** CPU ms the database server's processes have used (NaN for SQLite: it runs inside Switchyard) */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startBenchStorage(engine: StorageEngine): Promise<BenchStorage> {
  if (engine === 'sqlite') {
    return {
      engine,
      info: { engine },
      database: async () => ({ env: {}, url: undefined, openHistory: (dataDir) => openHistoryDb(dataDir) }),
      cpuMs: () => NaN,
      stop: async () => {},
    };
  }
  const cluster = await startPostgresCluster();
  const used = new Set<string>();
  return {
    engine,
    info: {
      engine,
      server: `PostgreSQL ${postgresBin()?.split('/').at(-2) ?? '?'}`,
      // what scripts/postgres-cluster.ts starts the throwaway server with
      settings: 'fsync=off, synchronous_commit=off, full_page_writes=off, other settings at their defaults',
    },
    async database(name) {
      const db = `bench_${name}`;
      if (used.has(db)) throw new Error(`database ${db} was already given to a process in this run`);
      used.add(db);
      const url = await cluster.createDatabase(db);
      return { env: { SWITCHYARD_DATABASE_URL: url }, url, openHistory: () => openPgHistoryDb(url) };
    },
    cpuMs: () => clusterCpuMs(cluster),
    stop: () => cluster.stop(),
  };
}

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

/** the fields of /proc/<pid>/stat after the command's ")" (field 3, the state, is at 0) */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

let postmaster: { port: number; pid: string } | undefined;

/** the postmaster of the cluster on `port`: the `postgres` process started with `-p <port>` */
function postmasterOf(port: number): string | undefined {
  if (postmaster?.port === port && statFields(postmaster.pid)) return postmaster.pid;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const p = argv.indexOf('-p');
      if (argv[0]?.endsWith('/postgres') && p > 0 && argv[p + 1] === String(port)) {
        postmaster = { port, pid };
        return pid;
      }
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * CPU ms (user + system) of the cluster: the postmaster with its reaped children (backends that have exited,
 * parallel workers) and every live child (the backends, checkpointer, WAL writer, autovacuum, …); NaN without
 * /proc.
 */
export function clusterCpuMs(cluster: Pick<PostgresCluster, 'port'>): number {
  const pm = postmasterOf(cluster.port);
  const own = pm === undefined ? undefined : statFields(pm);
  if (pm === undefined || own === undefined) return NaN;
  // utime, stime, cutime, cstime are fields 14–17 of stat: 11–14 here
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const f = statFields(pid);
    // the parent's pid is field 4: 1 here
    if (f && f[1] === pm) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}
