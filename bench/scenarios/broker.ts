// The embedded broker as `npm start` runs it (state committed to SQLite, a publish acknowledged after its
// commit) against the same broker with aedes' in-memory persistence (nothing survives a restart) — the
// price of "acknowledged means stored" — with the shared broker's floor as the reference. Each variant
// runs in a process of its own, on the same machine, in the same run:
// - throughput: one publisher → one subscriber, QoS 0, not retained (the ingest path; no store involved);
// - retained QoS 0 delivered live: 20,000 retained updates over 1,000 topics, every one must reach a `#`
//   subscriber (the ordering fault dropped them), msg/s at the subscriber;
// - retained QoS 1 acknowledged: 20,000 retained updates pipelined, PUBACKs/s at the publisher;
// - latency of a retained QoS 0 update, publisher → live subscriber, one at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '../lib/mqtt.js';
import { freePort, ROOT } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { figure, type Distribution, type Figure, type Scenario } from '../lib/types.js';
import { throughput } from './floor.js';

async function startEmbedded(stateFile: string | undefined): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [join(ROOT, 'dist', 'bench', 'lib', 'aedes-main.js'), String(port), ...(stateFile ? [stateFile] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the embedded broker exited with code ${code}`)));
    child.stdout?.once('data', () => resolve());
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `total` retained QoS 0 updates over `topics` topics from one publisher; msg/s at a live `#` subscriber and how many arrived. */
async function retainedLive(url: string, total: number, topics: number): Promise<{ rate: number; delivered: number }> {
  const pub = await connect(url);
  const sub = await connect(url);
  await sub.subscribeAsync('bench/retained/#');
  let seen = 0;
  let last = performance.now();
  sub.on('message', () => {
    seen++;
    last = performance.now();
  });
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    pub.publish(`bench/retained/${i % topics}`, `{"value":${i}}`, { retain: true });
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  // done when everything arrived, or when nothing more came for a second (what was dropped is dropped)
  while (seen < total && performance.now() - last < 1_000) await new Promise((r) => setTimeout(r, 20));
  const rate = seen / ((last - t0) / 1000);
  const delivered = seen;
  sub.removeAllListeners('message');
  for (let i = 0; i < topics; i++) pub.publish(`bench/retained/${i}`, '', { retain: true });
  await Promise.all([pub.endAsync(), sub.endAsync()]);
  return { rate, delivered };
}

/** `total` retained QoS 1 updates pipelined from one publisher; PUBACKs/s. */
async function retainedAcked(url: string, total: number, topics: number): Promise<number> {
  const pub = await connect(url);
  const t0 = performance.now();
  const acks: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    acks.push(pub.publishAsync(`bench/acked/${i % topics}`, `{"value":${i}}`, { qos: 1, retain: true }));
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(acks);
  const rate = total / ((performance.now() - t0) / 1000);
  for (let i = 0; i < topics; i++) pub.publish(`bench/acked/${i}`, '', { retain: true });
  await pub.endAsync();
  return rate;
}

/** One retained QoS 0 update at a time, publisher → live subscriber, ms. */
async function retainedLatency(url: string, count: number): Promise<number[]> {
  const pub = await connect(url);
  const sub = await connect(url);
  await sub.subscribeAsync('bench/latency');
  let resolve: (() => void) | undefined;
  sub.on('message', () => resolve?.());
  const samples: number[] = [];
  for (let i = -200; i < count; i++) {
    const got = new Promise<void>((r) => (resolve = r));
    const t = performance.now();
    pub.publish('bench/latency', String(i), { retain: true });
    await got;
    if (i >= 0) samples.push(performance.now() - t);
  }
  pub.publish('bench/latency', '', { retain: true });
  await Promise.all([pub.endAsync(), sub.endAsync()]);
  return samples;
}

export const brokerScenario: Scenario = {
  name: 'broker',
  description: 'the embedded broker with its state in SQLite (as npm start runs it) against the same broker in memory',
  async run(ctx) {
    const quick = ctx.quick;
    const flood = quick ? 20_000 : 200_000;
    const retained = quick ? 4_000 : 20_000;
    const latencyCount = quick ? 1_000 : 5_000;
    const figures: Figure[] = [];
    const distributions: Distribution[] = [];
    const details: Record<string, unknown> = { flood, retained, topics: 1_000, latency_samples: latencyCount };
    for (const variant of ['memory', 'sqlite'] as const) {
      const broker = await startEmbedded(
        variant === 'sqlite' ? join(ctx.workDir, `broker-${Date.now()}.db`) : undefined,
      );
      try {
        const rate = await throughput(broker.url, flood);
        const live = await retainedLive(broker.url, retained, 1_000);
        const acked = await retainedAcked(broker.url, retained, 1_000);
        const samples = await retainedLatency(broker.url, latencyCount);
        const lat = summarize(samples);
        ctx.log(
          `${variant}: ${rate.toFixed(0)} msg/s QoS 0; retained QoS 0 ${live.delivered}/${retained} delivered at ${live.rate.toFixed(0)} msg/s; ` +
            `retained QoS 1 ${acked.toFixed(0)} acks/s; retained latency p50 ${lat.p50.toFixed(3)} ms p99 ${lat.p99.toFixed(3)} ms`,
        );
        const label = variant === 'sqlite' ? 'state in SQLite' : 'in memory';
        figures.push(
          figure({
            name: `${label}: one publisher → one subscriber, QoS 0`,
            value: rate,
            unit: 'msg/s',
            floor: ctx.floor.throughput,
            floorRef: 'throughput',
          }),
          figure({
            name: `${label}: retained QoS 0 delivered live`,
            value: live.rate,
            unit: 'msg/s',
            floor: ctx.floor.throughput,
            floorRef: 'throughput',
            note: `${live.delivered} of ${retained} delivered`,
          }),
          figure({ name: `${label}: retained QoS 1 acknowledged`, value: acked, unit: 'acks/s' }),
          figure({
            name: `${label}: retained update latency p50`,
            value: lat.p50,
            unit: 'ms',
            floor: ctx.floor.rttP50 / 2,
            floorRef: 'half the round trip p50',
          }),
          figure({
            name: `${label}: retained update latency p99`,
            value: lat.p99,
            unit: 'ms',
            floor: ctx.floor.rttP99 / 2,
            floorRef: 'half the round trip p99',
          }),
        );
        distributions.push({ label: `retained update, embedded broker ${label}`, samples });
        details[variant] = { throughput: rate, retained_live: live, retained_acked: acked, latency: lat };
      } finally {
        await broker.stop();
      }
    }
    return { scenario: 'broker', figures, distributions, details };
  },
};
