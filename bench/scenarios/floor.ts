// The physical floor every other figure is compared with: on the same broker, client A publishes,
// client B answers, A receives (the two hops any automation needs), and one publisher → one
// subscriber throughput with QoS 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '../lib/mqtt.js';
import { ROOT, type Broker } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { figure, type FloorFigures, type ScenarioResult } from '../lib/types.js';

const QUICK = process.env.BENCH_QUICK === '1';
export const ROUND_TRIPS = QUICK ? 1_000 : 10_000;
const THROUGHPUT_MESSAGES = QUICK ? 20_000 : 200_000;

/** The responder in its own process (responder-main.js); resolves once it is subscribed. */
async function startResponder(url: string): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'lib', 'responder-main.js'), url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the floor responder exited with code ${code}`)));
    child.stdout.once('data', () => resolve());
  });
  return { stop: () => child.kill('SIGTERM') };
}

/**
 * Sequential request/response round trips through the broker; returns the samples in ms. The responder
 * B runs in this process, or (`separate`) in a process of its own, as any automation engine does.
 */
export async function roundTrips(url: string, count: number, separate = false): Promise<number[]> {
  const a = await connect(url);
  let stopResponder = () => {};
  if (separate) stopResponder = (await startResponder(url)).stop;
  else {
    const b = await connect(url);
    await b.subscribeAsync('bench/floor/request');
    b.on('message', (_topic, payload) => b.publish('bench/floor/response', payload));
    stopResponder = () => void b.endAsync();
  }
  await a.subscribeAsync('bench/floor/response');
  const samples: number[] = [];
  let resolveReply: (() => void) | undefined;
  a.on('message', () => resolveReply?.());
  for (let i = -200; i < count; i++) {
    // the first 200 warm the JIT and the sockets and are not kept
    const got = new Promise<void>((r) => (resolveReply = r));
    const t = performance.now();
    a.publish('bench/floor/request', String(i));
    await got;
    if (i >= 0) samples.push(performance.now() - t);
  }
  stopResponder();
  await a.endAsync();
  return samples;
}

/** One publisher → one subscriber, QoS 0: messages/s counted at the subscriber. */
export async function throughput(url: string, total: number): Promise<number> {
  const pub = await connect(url);
  const sub = await connect(url);
  await sub.subscribeAsync('bench/floor/flood');
  let seen = 0;
  const done = new Promise<void>((r) => sub.on('message', () => ++seen === total && r()));
  const payload = Buffer.from('{"value":21.5}');
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    pub.publish('bench/floor/flood', payload);
    // yield now and then so the socket drains instead of buffering the whole burst in memory
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  await done;
  const rate = total / ((performance.now() - t0) / 1000);
  await Promise.all([pub.endAsync(), sub.endAsync()]);
  return rate;
}

export async function measureFloor(
  broker: Broker,
  log: (line: string) => void,
): Promise<{ floor: FloorFigures; result: ScenarioResult }> {
  const samples = await roundTrips(broker.url, ROUND_TRIPS);
  const rtt = summarize(samples);
  log(`round trip p50 ${rtt.p50.toFixed(3)} ms, p99 ${rtt.p99.toFixed(3)} ms over ${rtt.n}`);
  const separateSamples = await roundTrips(broker.url, ROUND_TRIPS, true);
  const sep = summarize(separateSamples);
  log(
    `round trip, responder in its own process: p50 ${sep.p50.toFixed(3)} ms, p99 ${sep.p99.toFixed(3)} ms over ${sep.n}`,
  );
  const rate = await throughput(broker.url, THROUGHPUT_MESSAGES);
  log(`throughput ${rate.toFixed(0)} msg/s`);
  const floor: FloorFigures = {
    rttP50: rtt.p50,
    rttP99: rtt.p99,
    processRttP50: sep.p50,
    processRttP99: sep.p99,
    throughput: rate,
  };
  return {
    floor,
    result: {
      scenario: 'floor',
      figures: [
        figure({ name: 'round trip A→B→A p50', value: rtt.p50, unit: 'ms' }),
        figure({ name: 'round trip A→B→A p99', value: rtt.p99, unit: 'ms' }),
        figure({
          name: 'round trip A→B→A p50, B in its own process',
          value: sep.p50,
          unit: 'ms',
          note: 'the reference for automation latency: an automation engine is a process of its own',
        }),
        figure({ name: 'round trip A→B→A p99, B in its own process', value: sep.p99, unit: 'ms' }),
        figure({ name: 'one publisher → one subscriber, QoS 0', value: rate, unit: 'msg/s' }),
      ],
      distributions: [
        { label: `bare broker round trip (${broker.kind})`, samples },
        { label: `bare broker round trip, responder in its own process (${broker.kind})`, samples: separateSamples },
      ],
      details: { broker: broker.kind, round_trips: ROUND_TRIPS, throughput_messages: THROUGHPUT_MESSAGES },
    },
  };
}
