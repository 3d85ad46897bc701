// Measures the template interpreter (src/protocol/template) against @huggingface/jinja on the template corpus
// (test/fixtures/templates/corpus.json), with Home Assistant's environment rebuilt on Python's Jinja2
// (test/helpers/ha_jinja_reference.py) as the reference: agreement with it, and renders per second of each
// engine over the whole corpus (templates compiled once, as Home Assistant caches them), in the same run.
// Not part of `npm test` or `npm run bench`. Run from the repository root:
//   npm i --no-save @huggingface/jinja@0.5.11     (or HF_JINJA=<path to its dist/index.js>)
//   npx tsc -p tsconfig.build.json && node dist/bench/template-engines.js
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileTemplate, parseJson, payloadVariables, TemplateError } from '../src/protocol/template/index.js';
import { DATETIME_METHODS } from '../src/protocol/template/datetime-value.js';
import { timeFunctions, TIME_FUNCTIONS } from '../src/protocol/template/ha-time.js';
import { setUpHuggingFace, type HfEngine } from './lib/hf-jinja-ha.js';

const CORPUS = resolve('test/fixtures/templates/corpus.json');
const REFERENCE = resolve('test/helpers/ha_jinja_reference.py');
const NOW = '2025-06-14T09:26:53.417+00:00';
const TIME_ZONE = 'Europe/Berlin';
const ROUNDS = Number(process.env.ROUNDS ?? 10);
/** timed passes per engine, alternating between them (the machine is shared: the median is reported) */
const PASSES = Number(process.env.PASSES ?? 5);

interface Entry {
  readonly template: string;
  readonly kind: 'value' | 'command';
  readonly vars: readonly Record<string, unknown>[];
}
type Outcome = { ok: true; output: string } | { ok: false; error: string; jinja?: boolean };
interface Engine {
  readonly name: string;
  compile(source: string): unknown;
  render(compiled: unknown, vars: Record<string, unknown>): string;
}

function variables(entry: Entry, vars: Record<string, unknown>): Record<string, unknown> {
  const { value, ...rest } = vars;
  return entry.kind === 'value' ? payloadVariables(value as string, rest) : vars;
}

function outcome(f: () => string): Outcome {
  try {
    return { ok: true, output: f() };
  } catch (err) {
    return { ok: false, error: (err as Error).message, jinja: err instanceof TemplateError ? err.jinja : undefined };
  }
}

/** Agreement with the reference: same text, or both fail (of the same kind, where the engine tells it). */
function agrees(got: Outcome, want: Outcome): boolean {
  if (want.ok) return got.ok && got.output === want.output;
  return !got.ok && (got.jinja === undefined || got.jinja === want.jinja);
}

function measure(engine: Engine, entries: readonly Entry[], clock: Record<string, unknown>, reference: Outcome[]) {
  const compiled = entries.map((e) => {
    try {
      return engine.compile(e.template);
    } catch (err) {
      return err as Error;
    }
  });
  const cases = entries.flatMap((e, i) =>
    e.vars.map((v) => ({ compiled: compiled[i], vars: { ...clock, ...variables(e, v) } })),
  );
  const run = (c: (typeof cases)[number]): Outcome =>
    outcome(() => {
      if (c.compiled instanceof Error) throw c.compiled;
      return engine.render(c.compiled, c.vars);
    });
  const outcomes = cases.map(run);
  const agreeing = outcomes.filter((o, i) => agrees(o, reference[i] as Outcome)).length;
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round++) for (const c of cases) run(c);
  const seconds = (performance.now() - start) / 1000;
  const failures = outcomes
    .map((o, i) => ({ o, want: reference[i] as Outcome, i }))
    .filter((x) => !agrees(x.o, x.want));
  return { renders: cases.length, agreeing, rendersPerSecond: (cases.length * ROUNDS) / seconds, failures };
}

async function main(): Promise<void> {
  process.env.TZ = TIME_ZONE;
  const entries = (parseJson(readFileSync(CORPUS, 'utf8')) as { entries: Entry[] }).entries;
  const request = JSON.stringify({ now: NOW, tz: TIME_ZONE, corpus: CORPUS });
  const py = spawnSync('python3', [REFERENCE], { input: request, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (py.status !== 0) throw new Error(`the reference failed: ${py.stderr}`);
  const reference = JSON.parse(py.stdout) as Outcome[];
  const clock = timeFunctions(() => Date.parse(NOW));
  const options = { globals: TIME_FUNCTIONS, methods: DATETIME_METHODS };
  const ours: Engine = {
    name: 'switchyard interpreter',
    compile: (source) => compileTemplate(source, options),
    render: (t, vars) => (t as ReturnType<typeof compileTemplate>).render(vars),
  };
  const specifier: string = process.env.HF_JINJA ?? '@huggingface/jinja';
  const hfModule = (await import(specifier.startsWith('/') ? pathToFileURL(specifier).href : specifier)) as never;
  const hfClock = timeFunctions(() => Date.parse(NOW)) as never;
  const hf: HfEngine & { name: string } = { name: '@huggingface/jinja', ...setUpHuggingFace(hfModule, hfClock) };
  console.log(`corpus: ${entries.length} templates, ${reference.length} renders; ${PASSES} x ${ROUNDS} rounds each`);
  const engines = [ours, hf];
  const results = engines.map(() => [] as ReturnType<typeof measure>[]);
  measure(ours, entries, clock, reference); // warm-up
  measure(hf, entries, {}, reference);
  for (let pass = 0; pass < PASSES; pass++) {
    for (const [i, engine] of engines.entries())
      results[i]?.push(measure(engine, entries, engine === ours ? clock : {}, reference));
  }
  engines.forEach((engine, i) => {
    const runs = results[i] ?? [];
    const r = runs[0];
    if (r === undefined) return;
    const rates = runs.map((x) => x.rendersPerSecond).sort((a, b) => a - b);
    const median = Math.round(rates[Math.floor(rates.length / 2)] ?? 0);
    const range = `${Math.round(rates[0] ?? 0)}-${Math.round(rates[rates.length - 1] ?? 0)}`;
    const pct = ((100 * r.agreeing) / r.renders).toFixed(2);
    const agreement = `agreement ${pct}% (${r.agreeing}/${r.renders})`;
    console.log(`${engine.name.padEnd(24)} ${agreement}  ${median} renders/s (${range})`);
  });
  if (process.env.SHOW_FAILURES) {
    const r = measure(hf, entries, {}, reference);
    const rows = entries.flatMap((e) => e.vars.map(() => e.template));
    for (const f of r.failures.slice(0, Number(process.env.SHOW_FAILURES))) {
      console.log(JSON.stringify({ template: rows[f.i]?.slice(0, 100), got: f.o, want: f.want }));
    }
  }
}

await main();
