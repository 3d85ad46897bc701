// The physical floor every other figure is compared with: on the same broker, client A publishes,
// client B answers, A receives (the two hops any automation needs), and one publisher → one
// subscriber throughput with QoS 0.
import { connect } from '../lib/mqtt.js';
import type { Broker } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { figure, type FloorFigures, type ScenarioResult } from '../lib/types.js';

const QUICK = process.env.BENCH_QUICK === '1';
export const ROUND_TRIPS = QUICK ? 1_000 : 10_000;
const THROUGHPUT_MESSAGES = QUICK ? 20_000 : 200_000;

/** Sequential request/response round trips through the broker; returns the samples in ms. */
export async function roundTrips(url: string, count: number): Promise<number[]> {
  const a = await connect(url);
  const b = await connect(url);
  await b.subscribeAsync('bench/floor/request');
  b.on('message', (_topic, payload) => b.publish('bench/floor/response', payload));
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
  await Promise.all([a.endAsync(), b.endAsync()]);
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

export async function measureFloor(broker: Broker, log: (line: string) => void): Promise<{ floor: FloorFigures; result: ScenarioResult }> {
  const samples = await roundTrips(broker.url, ROUND_TRIPS);
  const rtt = summarize(samples);
  log(`round trip p50 ${rtt.p50.toFixed(3)} ms, p99 ${rtt.p99.toFixed(3)} ms over ${rtt.n}`);
  const rate = await throughput(broker.url, THROUGHPUT_MESSAGES);
  log(`throughput ${rate.toFixed(0)} msg/s`);
  const floor: FloorFigures = { rttP50: rtt.p50, rttP99: rtt.p99, throughput: rate };
  return {
    floor,
    result: {
      scenario: 'floor',
      figures: [
        figure({ name: 'round trip A→B→A p50', value: rtt.p50, unit: 'ms' }),
        figure({ name: 'round trip A→B→A p99', value: rtt.p99, unit: 'ms' }),
        figure({ name: 'one publisher → one subscriber, QoS 0', value: rate, unit: 'msg/s' }),
      ],
      distributions: [{ label: `bare broker round trip (${broker.kind})`, samples }],
      details: { broker: broker.kind, round_trips: ROUND_TRIPS, throughput_messages: THROUGHPUT_MESSAGES },
    },
  };
}
