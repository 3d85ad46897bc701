// node bench/tools/stages.mjs <file.cpuprofile> <runs>: where the time of each trigger goes, by stage, from a V8 CPU
// profile of Switchyard under the automation burst (BENCH_NODE_FLAGS="--cpu-prof …"). Every sample is charged to
// the innermost stage on its stack (a stage starts at one of the functions below), so nested stages do not count
// twice; samples outside any stage are GC, the kernel's writes, idle or other work. Divided by the runs, in µs.
import { readFileSync } from 'node:fs';

const [file, runsArg] = process.argv.slice(2);
if (!file || !runsArg) {
  console.error('usage: node bench/tools/stages.mjs <file.cpuprofile> <runs>');
  process.exit(2);
}
const runs = Number(runsArg);
/** stage → the functions (name and file, as in the profile) where it starts */
const STAGES = [
  [
    'MQTT in: packet parsed, routed to the entity',
    ['onMessage adapters/mqtt/mqtt-connection', 'work mqtt/build/lib/client', 'parse mqtt-packet/parser'],
  ],
  ['entity state: payload → state, state store', ['receive adapters/discovery/discovered-entity']],
  ['state_changed listeners other than triggers (history row, SSE, alerts)', ['emit core/event-bus']],
  ['trigger: index → numeric_state, crossing checked', ['each automations/trigger-index']],
  [
    'automation: loop protection, context, trace, variables, mode',
    ['onFire automations/automation', 'trigger automations/automation'],
  ],
  [
    'run: sequence, trace steps, run end',
    [
      'start automations/run',
      'runSequence automations/actions/sequence',
      'end automations/run',
      ' automations/run',
      'perform automations/actions/sequence',
      'finish automations/trace',
      'done automations/trace',
      'launch automations/modes',
      ' automations/modes',
    ],
  ],
  [
    'call step: targets, command router, discovery action',
    [
      'performCall automations/actions/call',
      'executeOn automations/actions/call',
      'execute adapters/discovery/action-handler',
      'execute core/commands',
    ],
  ],
  ['MQTT out: command packet written', ['publish adapters/mqtt/mqtt-connection', 'uncork mqtt-packet/writeToStream']],
  ['trace stored (behind, batched)', ['flush adapters/storage/trace-store']],
  ['history handed to its thread', ['send adapters/storage/state-recorder']],
  [
    'promise and tick machinery (each await)',
    ['runMicrotasks ', 'processTicksAndRejections node:internal/process/task_queues'],
  ],
];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const where = (n) =>
  `${n.callFrame.functionName} ${n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/dist\/src\//, '')}`;
const stageOf = new Map();
const stageOfNode = (id) => {
  if (stageOf.has(id)) return stageOf.get(id);
  const n = byId.get(id);
  const w = where(n);
  let s = STAGES.findIndex(([, fns]) => fns.some((f) => w.startsWith(f)));
  if (s < 0) {
    const p = parent.get(id);
    s = p === undefined ? -1 : stageOfNode(p);
    if (s < 0) {
      const name = n.callFrame.functionName;
      s =
        name === '(garbage collector)'
          ? 'gc'
          : name === 'writev' || name === 'writeUtf8String'
            ? 'kernel'
            : name === '(idle)'
              ? 'idle'
              : -1;
    }
  }
  stageOf.set(id, s);
  return s;
};
const totals = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const s = stageOfNode(profile.samples[i]);
  // GC and kernel writes are charged as such even inside a stage: they are nobody's own code
  const name = byId.get(profile.samples[i]).callFrame.functionName;
  const key = name === '(garbage collector)' ? 'gc' : name === 'writev' ? 'kernel' : s;
  totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const us = (k) => (totals.get(k) ?? 0) / runs;
let busy = 0;
console.log(`| stage | µs per trigger |\n|---|---|`);
for (let i = 0; i < STAGES.length; i++) {
  busy += us(i);
  console.log(`| ${STAGES[i][0]} | ${us(i).toFixed(1)} |`);
}
for (const [k, label] of [
  ['gc', 'garbage collection'],
  ['kernel', 'socket writes (writev)'],
  [-1, 'other (timers, module loading, HTTP, …)'],
]) {
  busy += us(k);
  console.log(`| ${label} | ${us(k).toFixed(1)} |`);
}
console.log(`| **busy in all** | **${busy.toFixed(1)}** |`);
console.log(
  `\nidle: ${((us('idle') * runs) / 1e6).toFixed(1)} s of ${(((busy + us('idle')) * runs) / 1e6).toFixed(1)} s sampled`,
);
if (process.env.STAGES_OTHER) {
  const fns = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    if (stageOfNode(id) !== -1) continue;
    const n = byId.get(id);
    let w = where(n);
    for (let p = parent.get(id), d = 0; p !== undefined && d < Number(process.env.STAGES_OTHER); p = parent.get(p), d++)
      w += ` < ${where(byId.get(p))}`;
    fns.set(w, (fns.get(w) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  for (const [w, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(t / runs).toFixed(2).padStart(7)} µs  ${w}`);
}
