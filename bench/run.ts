// `npm run bench [-- <scenario> ...]`: runs the benchmark scenarios against a real broker (Mosquitto when
// installed, else Switchyard's aedes broker in its own process) and Switchyard started from dist/ as
// `npm start` runs it, prints a table, and writes bench/results/latest.json and bench/results/latency.svg.
// The floor (bare broker round trip and throughput) is measured first in every run, and every other
// figure is given as a ratio to it: the machine is shared and noisy, so absolute numbers travel badly.
//   BENCH_QUICK=1   smaller counts, to check the harness
//   BENCH_BROKER=aedes   use the aedes broker even when Mosquitto is installed
//   BENCH_STORAGE=postgres   Switchyard stores into PostgreSQL (a throwaway cluster for the run, a fresh database
//                            per Switchyard process); only the scenarios that support it (ingest, history) run
import { cpus } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { measureFloor } from './scenarios/floor.js';
import { SCENARIOS } from './scenarios/index.js';
import { startBroker, ROOT } from './lib/processes.js';
import { table, writeReport } from './lib/report.js';
import { startBenchStorage, storageEngine, type BenchStorage } from './lib/storage.js';
import type { BenchContext, ScenarioResult } from './lib/types.js';

const USAGE = `usage: npm run bench [-- <scenario> ...]
scenarios: floor ${SCENARIOS.map((s) => s.name).join(' ')}
${SCENARIOS.map((s) => `  ${s.name.padEnd(11)} ${s.description}${s.optional ? ` (optional; a bare run includes it ${s.available ? `only when installed: ${s.available() ? 'yes' : 'no'}` : 'only when named'})` : ''}`).join('\n')}`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((a) => a !== 'floor' && !SCENARIOS.some((s) => s.name === a));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const engine = storageEngine();
  const named =
    args.length === 0
      ? SCENARIOS.filter((s) => !s.optional || s.available?.() === true)
      : SCENARIOS.filter((s) => args.includes(s.name));
  const sqliteOnly = engine === 'postgres' ? named.filter((s) => s.postgres !== true) : [];
  if (sqliteOnly.length > 0 && args.length > 0) {
    console.error(
      `BENCH_STORAGE=postgres: ${sqliteOnly.map((s) => s.name).join(', ')} store(s) into SQLite only; ` +
        `with PostgreSQL: ${SCENARIOS.filter((s) => s.postgres)
          .map((s) => s.name)
          .join(', ')}`,
    );
    process.exit(2);
  }
  const chosen = named.filter((s) => !sqliteOnly.includes(s));
  const started = new Date();
  const t0 = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const cacheDir = join(ROOT, 'bench', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const broker = await startBroker(join(workDir, 'broker'));
  log(`broker: ${broker.kind} on ${broker.url}`);
  if (sqliteOnly.length > 0) log(`BENCH_STORAGE=postgres: skipping ${sqliteOnly.map((s) => s.name).join(', ')}`);
  const results: ScenarioResult[] = [];
  let storage: BenchStorage | undefined;
  try {
    storage = await startBenchStorage(engine);
    log(`storage: ${Object.values(storage.info).join('; ')}`);
    log('floor: bare broker round trip and throughput');
    const floorResult = await measureFloor(broker, (line) => log(`  ${line}`));
    results.push(floorResult.result);
    const ctx: BenchContext = {
      broker,
      workDir,
      cacheDir,
      floor: floorResult.floor,
      quick: process.env.BENCH_QUICK === '1',
      storage,
      log: (line) => log(`  ${line}`),
    };
    for (const scenario of chosen) {
      log(`${scenario.name}: ${scenario.description}`);
      try {
        results.push(await scenario.run(ctx));
      } catch (err) {
        log(`${scenario.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        results.push({
          scenario: scenario.name,
          figures: [],
          details: { error: err instanceof Error ? err.message : String(err) },
        });
        process.exitCode = 1;
      }
    }
  } finally {
    await storage?.stop();
    await broker.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const duration = (performance.now() - t0) / 1000;
  console.log(`\nstorage: ${engine}\n${table(results)}\n`);
  const files = writeReport(join(ROOT, 'bench', 'results'), {
    started: started.toISOString(),
    duration_s: Math.round(duration),
    storage: storage?.info ?? { engine },
    machine: {
      node: process.version,
      cpus: cpus().length,
      platform: `${process.platform} ${process.arch}`,
      broker: broker.kind,
    },
    results,
  });
  console.log(`${duration.toFixed(0)} s in all; wrote ${files.json} and ${files.svg}`);
}

await main();
