// The processes a benchmark runs against: one broker (Mosquitto when installed, with TCP no-delay as our
// docs recommend; else Switchyard's own aedes broker in a process of its own) and Switchyard itself,
// started from dist/ the way `npm start` does, each in its own process so the load generator never
// shares an event loop with what it measures.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, until } from './stats.js';

/** the repository root (bench/lib → ../..; dist/bench/lib → ../../..) */
export const ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
/** the server's bundle; BENCH_MAIN_JS runs another build (a copy of dist/server/ beside it, for a before/after pair) */
export const MAIN_JS = process.env.BENCH_MAIN_JS ?? join(ROOT, 'dist', 'server', 'main.js');

const START_WORDS: readonly string[] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start.split(/\s+/);

/** the node flags `npm start` runs Switchyard with (package.json's start script), so the bench measures the same */
export const START_FLAGS: readonly string[] = START_WORDS.slice(
  START_WORDS.indexOf('node') + 1,
  START_WORDS.indexOf('dist/server/main.js'),
).filter((w) => w.startsWith('--'));

/** the environment variables the start script sets before `node` (e.g. MALLOC_ARENA_MAX) */
export const START_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  START_WORDS.slice(0, START_WORDS.indexOf('node'))
    .map((w) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] as string, m[2] as string]),
);

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface Proc {
  readonly pid: number;
  /** resident set size from /proc, in bytes (0 where /proc is missing) */
  rss(): number;
  /** total CPU time (user + system) the process has used, in ms, from /proc (NaN where missing) */
  cpuMs(): number;
  stop(): Promise<void>;
}

function procOf(child: ChildProcess, name: string): Proc {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start`);
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    pid,
    rss() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    cpuMs() {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        // utime and stime are fields 14 and 15 of stat; after the ") " split they are at 11 and 12, in clock ticks (100/s)
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return NaN;
      }
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(5_000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}

export interface Broker extends Proc {
  readonly kind: 'mosquitto' | 'aedes';
  readonly url: string;
  readonly port: number;
}

const hasMosquitto = (): boolean =>
  spawnSync('sh', ['-c', 'command -v mosquitto || test -x /usr/sbin/mosquitto'], { stdio: 'ignore' }).status === 0;

/** Starts the broker every scenario shares. BENCH_BROKER=aedes forces Switchyard's own broker. */
export async function startBroker(workDir: string): Promise<Broker> {
  const port = await freePort();
  mkdirSync(workDir, { recursive: true });
  const useMosquitto = process.env.BENCH_BROKER !== 'aedes' && hasMosquitto();
  let child: ChildProcess;
  if (useMosquitto) {
    const conf = join(workDir, 'mosquitto-bench.conf');
    writeFileSync(
      conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'set_tcp_nodelay true',
        'persistence false',
        // a subscriber that falls behind gets its messages late rather than never: the ingest scenario
        // measures backlog, so the broker must not silently drop QoS 0 messages at 1,000 queued
        'max_queued_messages 0',
        'max_queued_bytes 0',
        'log_type error',
        '',
      ].join('\n'),
    );
    const bin = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';
    child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    child = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'lib', 'aedes-main.js'), String(port)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const proc = procOf(child, useMosquitto ? 'mosquitto' : 'aedes');
  await until('the broker to listen', async () => ((await canConnect(port)) ? true : undefined), 10_000, 20);
  return { ...proc, kind: useMosquitto ? 'mosquitto' : 'aedes', url: `mqtt://127.0.0.1:${port}`, port };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((r) => {
    import('node:net').then(
      ({ connect }) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          r(true);
        });
        s.once('error', () => r(false));
      },
      () => r(false),
    );
  });
}

export interface SwitchyardOptions {
  brokerUrl: string;
  dataDir: string;
  automationsDir: string;
  /** extra SWITCHYARD_* settings */
  env?: Record<string, string>;
  /** node flags, e.g. --cpu-prof (BENCH_NODE_FLAGS adds more) */
  nodeFlags?: string[];
  /** where the process's log (stdout) goes; default: discarded. BENCH_LOG_DIR keeps every log there. */
  logFile?: string;
}

export interface SwitchyardProc extends Proc {
  readonly baseUrl: string;
  /** ms from spawn until /api/health answered status ok */
  readonly startMs: number;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
}

/** Spawns `node dist/server/main.js` against the broker and waits until /api/health says ok. */
export async function startSwitchyard(o: SwitchyardOptions): Promise<SwitchyardProc> {
  const httpPort = await freePort();
  mkdirSync(o.dataDir, { recursive: true });
  mkdirSync(o.automationsDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SWITCHYARD_OPTIONS: join(o.dataDir, 'no-options.json'),
    SWITCHYARD_MQTT_URL: o.brokerUrl,
    SWITCHYARD_DATA_DIR: resolve(o.dataDir),
    SWITCHYARD_AUTOMATIONS_DIR: resolve(o.automationsDir),
    SWITCHYARD_HTTP_HOST: '127.0.0.1',
    SWITCHYARD_HTTP_PORT: String(httpPort),
    SWITCHYARD_LOG_LEVEL: 'warn',
    ...START_ENV,
    ...o.env,
  };
  const flags = [
    ...START_FLAGS,
    ...(o.nodeFlags ?? []),
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : []),
  ];
  const t0 = performance.now();
  const logFile =
    o.logFile ??
    (process.env.BENCH_LOG_DIR ? join(process.env.BENCH_LOG_DIR, `switchyard-${Date.now()}.log`) : undefined);
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, [...flags, MAIN_JS], {
    env,
    cwd: o.dataDir,
    stdio: ['ignore', out, 'inherit'],
  });
  if (typeof out === 'number') closeSync(out);
  const proc = procOf(child, 'switchyard');
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  await until(
    'Switchyard to report healthy',
    async () => {
      if (exitCode !== null) throw new Error(`switchyard exited with ${exitCode} before it was healthy`);
      try {
        const res = await fetch(`${baseUrl}/api/health`);
        if (!res.ok) return undefined;
        const body = (await res.json()) as { status: string };
        return body.status === 'ok' ? true : undefined;
      } catch {
        return undefined;
      }
    },
    60_000,
    5,
  );
  const startMs = performance.now() - t0;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    ...proc,
    baseUrl,
    startMs,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}

export interface LoadProc extends Proc {
  /** messages published so far (asks the process) */
  sent(): Promise<number>;
  /** changes the rate from now on (0 pauses); resolves with the readings sent so far and when, by the load's clock */
  setRate(rate: number): Promise<RateChange>;
  /** readings published, how many were state changes (-1 without countChanges), and how far behind schedule */
  stats(): Promise<LoadStats>;
}

export interface RateChange {
  readonly sent: number;
  /** the load process's performance.now() at the change, ms */
  readonly atMs: number;
}

export interface LoadStats {
  readonly sent: number;
  readonly changes: number;
  readonly behind: number;
}

export interface LoadOptions {
  /** count readings that differ from the same sensor's previous one (a few µs per device tick) */
  countChanges?: boolean;
}

/**
 * Starts simulated ESP32 devices in a separate process publishing sensor readings at `rate` msg/s
 * (see load-main.ts); resolves once every device is connected.
 */
export async function startLoad(
  brokerUrl: string,
  devices: number,
  rate: number,
  idPrefix = 'bench-load-',
  options: LoadOptions = {},
): Promise<LoadProc> {
  const args = [
    join(ROOT, 'dist', 'bench', 'lib', 'load-main.js'),
    brokerUrl,
    String(devices),
    String(rate),
    idPrefix,
    ...(options.countChanges ? ['--changes'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const proc = procOf(child, 'load');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiters.shift()?.(line);
    }
  });
  const nextLine = () => new Promise<string>((r) => waiters.push(r));
  const ready = await Promise.race([nextLine(), new Promise<string>((r) => child.once('exit', () => r('exit')))]);
  if (ready !== 'ready') throw new Error(`load generator failed to start (${ready})`);
  return {
    ...proc,
    async sent() {
      const line = nextLine();
      child.stdin?.write('status\n');
      return Number((await line).split(' ')[1]);
    },
    async setRate(r) {
      const line = nextLine();
      child.stdin?.write(`rate ${r}\n`);
      const [, , sent, atMs] = (await line).split(' ').map(Number);
      return { sent: sent ?? NaN, atMs: atMs ?? NaN };
    },
    async stats() {
      const line = nextLine();
      child.stdin?.write('stats\n');
      const [, sent, changes, behind] = (await line).split(' ').map(Number);
      return { sent: sent ?? NaN, changes: changes ?? NaN, behind: behind ?? NaN };
    },
  };
}
