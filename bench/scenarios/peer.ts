// The peer: Node-RED (bench/peer, installed on demand) running the same flow as the automation scenario —
// mqtt in bench/probe → switch (payload > 25) → change (payload "ON") → mqtt out bench/fan/set — on the same
// broker, measured by the very same code (triggerLatency and burstThroughput from automation.ts): idle,
// with the same background of other devices (which Node-RED ingests too, through a second mqtt in on
// devices/# that JSON-parses and counts each message), and a burst. Also Node-RED's RSS.
import { join } from 'node:path';
import {
  benchFlows,
  ensureNodeRedInstalled,
  ingestCounter,
  INGESTED_TOPIC,
  nodeRedInstalled,
  nodeRedVersion,
  startNodeRed,
  waitForFlow,
  type FlowTopics,
} from '../lib/node-red.js';
import { startLoad } from '../lib/processes.js';
import { sleep, summarize } from '../lib/stats.js';
import { figure, type Figure, type Scenario } from '../lib/types.js';
import {
  BACKGROUND_DEVICES,
  BACKGROUND_RATE,
  burstThroughput,
  FAN_TOPIC,
  PROBE_TOPIC,
  triggerLatency,
} from './automation.js';

const MB = 1048576;
/** the simulated devices publish under the bridge prefix, as Switchyard's default 'devices' */
const TOPICS: FlowTopics = { probe: PROBE_TOPIC, fan: FAN_TOPIC, background: 'devices/#' };

export const peerScenario: Scenario = {
  name: 'peer',
  description:
    'Node-RED 4 (bench/peer, installed on demand) running the same flow on the same broker, measured the same way',
  optional: true,
  available: nodeRedInstalled,
  async run(ctx) {
    ensureNodeRedInstalled(ctx.log);
    const version = nodeRedVersion() ?? 'unknown';
    const triggers = ctx.quick ? 1_000 : 10_000;
    const crossings = ctx.quick ? 5_000 : 25_000;
    const url = new URL(ctx.broker.url);
    const userDir = join(ctx.workDir, 'peer', 'node-red');
    const t0 = performance.now();
    const red = startNodeRed({
      userDir,
      flows: benchFlows(url.hostname, Number(url.port), TOPICS),
      ...(process.env.BENCH_LOG_DIR ? { logFile: join(process.env.BENCH_LOG_DIR, `node-red-${Date.now()}.log`) } : {}),
      ...(process.env.BENCH_NODE_FLAGS ? { nodeFlags: process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) } : {}),
    });
    let ingest: Awaited<ReturnType<typeof ingestCounter>> | undefined;
    try {
      ingest = await ingestCounter(ctx.broker.url);
      const counter = ingest;
      await waitForFlow(ctx.broker.url, TOPICS, red);
      const startMs = performance.now() - t0;
      ctx.log(`Node-RED ${version} (pid ${red.pid}) answering after ${(startMs / 1000).toFixed(1)} s`);
      await sleep(1_000);
      const rssIdle = red.rss();

      const idle = await triggerLatency(ctx.broker.url, triggers);
      const idleS = summarize(idle);
      ctx.log(`idle: p50 ${idleS.p50.toFixed(3)} ms, p99 ${idleS.p99.toFixed(3)} ms`);

      const load = await startLoad(ctx.broker.url, BACKGROUND_DEVICES, BACKGROUND_RATE, 'bench-bg-');
      let busy: number[];
      let before = 0;
      let after = 0;
      let ingestedBefore = 0;
      let ingestedAfter = 0;
      let cpuBefore = 0;
      let cpuAfter = 0;
      let busySeconds = 0;
      let sentTotal = 0;
      try {
        await sleep(2_000); // the same settling time the automation scenario gives Switchyard
        [before, ingestedBefore] = await Promise.all([load.sent(), counter.query()]);
        cpuBefore = red.cpuMs();
        const t = performance.now();
        busy = await triggerLatency(ctx.broker.url, triggers);
        busySeconds = (performance.now() - t) / 1000;
        cpuAfter = red.cpuMs();
        [after, ingestedAfter] = await Promise.all([load.sent(), counter.query()]);
        ctx.log(
          `background: ${((after - before) / busySeconds).toFixed(0)} msg/s achieved; Node-RED used ${((cpuAfter - cpuBefore) / busySeconds / 10).toFixed(0)}% of a core`,
        );
        sentTotal = await load.sent();
      } finally {
        await load.stop();
      }
      // every background message reached Node-RED's flow (the whole phase, once the broker has delivered the rest)
      await sleep(500);
      const ingestedTotal = await counter.query();
      if (!(ingestedTotal > 0))
        throw new Error(
          `Node-RED reported no background ingest on ${INGESTED_TOPIC}: its ${TOPICS.background} subscription is not working`,
        );
      ctx.log(
        `Node-RED ingested ${ingestedTotal.toLocaleString('en-US')} messages on ${TOPICS.background} (the load sent ${sentTotal.toLocaleString('en-US')} readings, plus each device's announcements)`,
      );
      if (ingestedTotal < 0.95 * sentTotal) ctx.log(`WARNING: Node-RED fell behind or lost background messages`);
      const busyS = summarize(busy);
      ctx.log(`with background: p50 ${busyS.p50.toFixed(3)} ms, p99 ${busyS.p99.toFixed(3)} ms`);

      const burst = await burstThroughput(ctx.broker.url, crossings);
      const rssBurst = red.rss();
      ctx.log(
        `burst: ${burst.rate.toFixed(0)} actions/s (${burst.received} received); RSS ${(rssIdle / MB).toFixed(0)} MB idle, ${(rssBurst / MB).toFixed(0)} MB after the burst`,
      );

      const { floor } = ctx;
      const figures: Figure[] = [
        figure({
          name: 'Node-RED trigger→action p50, idle',
          value: idleS.p50,
          unit: 'ms',
          floor: floor.processRttP50,
          floorRef: 'round trip p50, B in its own process',
        }),
        figure({
          name: 'Node-RED trigger→action p99, idle',
          value: idleS.p99,
          unit: 'ms',
          floor: floor.processRttP99,
          floorRef: 'round trip p99, B in its own process',
        }),
        figure({
          name: `Node-RED trigger→action p50, ${BACKGROUND_RATE} msg/s background`,
          value: busyS.p50,
          unit: 'ms',
          floor: floor.processRttP50,
          floorRef: 'round trip p50, B in its own process',
        }),
        figure({
          name: `Node-RED trigger→action p99, ${BACKGROUND_RATE} msg/s background`,
          value: busyS.p99,
          unit: 'ms',
          floor: floor.processRttP99,
          floorRef: 'round trip p99, B in its own process',
        }),
        figure({
          name: 'Node-RED burst: actions/s',
          value: burst.rate,
          unit: 'actions/s',
          floor: floor.throughput,
          floorRef: 'floor throughput',
        }),
        figure({ name: 'Node-RED RSS, idle', value: rssIdle / MB, unit: 'MB' }),
        figure({ name: 'Node-RED RSS, after the burst', value: rssBurst / MB, unit: 'MB' }),
      ];
      return {
        scenario: 'peer',
        figures,
        distributions: [
          { label: `Node-RED ${version} trigger→action, idle`, samples: idle },
          { label: `Node-RED ${version} trigger→action, ${BACKGROUND_RATE} msg/s background`, samples: busy },
        ],
        details: {
          peer: `node-red ${version}`,
          flow: 'mqtt in bench/probe (QoS 0, utf8) → switch payload gt 25 (num) → change payload = "ON" → mqtt out bench/fan/set (QoS 0); one mqtt-broker config node (MQTT 3.1.1, no TLS)',
          background_ingest: `a second mqtt in on ${TOPICS.background} (QoS 0, datatype auto-detect, i.e. JSON parsed as Switchyard parses it) → a function node that only counts (the count is read over MQTT before and after, not published while measuring); no storage (Switchyard persists every reading)`,
          settings:
            'headless (httpAdminRoot and httpNodeRoot false: no editor, admin API, HTTP nodes or port), credentialSecret false, log level warn, telemetry off; Node-RED’s MQTT client socket keeps its default (Nagle on: Node-RED does not set TCP no-delay)',
          startup_ms: Math.round(startMs),
          triggers,
          background_devices: BACKGROUND_DEVICES,
          background_sent: after - before,
          background_ingested_while_measuring: ingestedAfter - ingestedBefore,
          background_sent_total: sentTotal,
          background_ingested_total: ingestedTotal,
          background_cpu_percent_of_core: Number(((cpuAfter - cpuBefore) / busySeconds / 10).toFixed(1)),
          burst_crossings: crossings,
          burst_received: burst.received,
          rss_idle_mb: Number((rssIdle / MB).toFixed(1)),
          rss_after_burst_mb: Number((rssBurst / MB).toFixed(1)),
        },
      };
    } finally {
      await ingest?.end();
      await red.stop();
    }
  },
};
