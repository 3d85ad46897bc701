// Spoken commands: the time the intent engine takes to read one command (match every phrase of the English and Russian
// templates, resolve the names against the registry, check the values; nothing executed) with 2,000 entities in
// 40 areas, over 24 phrases in English and Russian (commands, typos, numbers in words, questions, an unknown device, an ambiguous one),
// each 200 times. Measured in a process of its own (`bench/lib/intent-main.ts`), started from dist/ with the node
// flags of `npm start`; the engine is a pure function of the registry, so no broker takes part. Also the time to
// build the home's index after the registry changed. Target (issue 19): p99 ≤ 5 ms.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { figure, type Scenario } from '../lib/types.js';

interface Output {
  entities: number;
  indexMs: number;
  samples: number[];
  readings: Record<string, string>;
  phrases: number;
}

function measure(entities: number, rounds: number): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--max-semi-space-size=2',
        join(ROOT, 'dist', 'bench', 'lib', 'intent-main.js'),
        String(entities),
        String(rounds),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`intent-main exited with ${code}`));
      else resolve(JSON.parse(out) as Output);
    });
  });
}

export const intentsScenario: Scenario = {
  name: 'intents',
  description: 'spoken command → intent (match, resolve, check) p50/p99 with 2,000 entities',
  async run(ctx) {
    const out = await measure(2000, ctx.quick ? 20 : 200);
    const s = summarize(out.samples);
    ctx.log(
      `${out.entities} entities, ${out.phrases} phrases × ${out.samples.length / out.phrases}: p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, index ${out.indexMs.toFixed(1)} ms`,
    );
    return {
      scenario: 'intents',
      figures: [
        figure({ name: 'command → intent p50, 2,000 entities', value: s.p50, unit: 'ms' }),
        figure({
          name: 'command → intent p99, 2,000 entities',
          value: s.p99,
          unit: 'ms',
          target: { op: '<=', value: 5, text: 'p99 ≤ 5 ms with 2,000 entities' },
        }),
        figure({ name: 'home index rebuilt after a registry change', value: out.indexMs, unit: 'ms' }),
      ],
      distributions: [{ label: 'intents: command → intent', samples: out.samples }],
      details: { entities: out.entities, samples: s, readings: out.readings },
    };
  },
};
