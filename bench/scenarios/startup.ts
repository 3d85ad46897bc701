// Start-up: from spawning `node dist/server/main.js` to /api/health answering status ok, with 10,000
// persisted entities (the database the discovery storm leaves behind, or one built the same way) and
// their discovery configs still retained on the broker, as a restart sees them. Median of 5 starts.
// Also the time until every entity is live again (its runtime rebuilt and its subscriptions acknowledged),
// which Switchyard finishes in the background after it is healthy: from the time of its log line
// "discovered entities restored" (REST has no view of it).
// The floor: spawning a bare `node -e` HTTP server and polling it the same way until it answers.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoveredDataDir, DISCOVERY_ENTITIES } from './discovery.js';
import { connect } from '../lib/mqtt.js';
import { freePort, startSwitchyard } from '../lib/processes.js';
import { median, until } from '../lib/stats.js';
import { clearRetained } from '../lib/retained.js';
import { clearConfigs, publishConfigs, untilEntities, z2mConfigs } from '../lib/z2m.js';
import { figure, type Scenario } from '../lib/types.js';

const SERVER = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); }).listen(Number(process.argv[1]), '127.0.0.1');`;

/** ms from spawning a bare Node HTTP server to its first answer, polled every 5 ms as startSwitchyard polls. */
async function nodeFloorMs(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', SERVER, String(port)], { stdio: 'ignore' });
  try {
    await until(
      'the bare server',
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          return ((await res.json()) as { status: string }).status === 'ok' ? true : undefined;
        } catch {
          return undefined;
        }
      },
      30_000,
      5,
    );
    return performance.now() - t0;
  } finally {
    child.kill('SIGKILL');
  }
}

/** the wall-clock time (ms since the epoch) of the "discovered entities restored" log line, once written */
function restoredTime(logFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('discovered entities restored')) continue;
    const time = (JSON.parse(line) as { time?: string | number }).time;
    return typeof time === 'number' ? time : Date.parse(String(time));
  }
  return undefined;
}

export const startupScenario: Scenario = {
  name: 'startup',
  description: `process start → healthy with ${DISCOVERY_ENTITIES.toLocaleString('en-US')} persisted entities`,
  async run(ctx) {
    const total = ctx.quick ? 2_000 : DISCOVERY_ENTITIES;
    const starts = ctx.quick ? 3 : 5;
    const configs = z2mConfigs(total);
    // nothing of other scenarios on the broker (see discovery.ts): they added 0.45 s to each start here
    const cleared = await clearRetained(ctx.broker.url);
    if (cleared > 0) ctx.log(`cleared ${cleared} retained messages left on the broker`);
    // a restart: the configs are still retained on the broker (the storm clears them when it is done)
    const pub = await connect(ctx.broker.url);
    await publishConfigs(pub, configs);
    await pub.endAsync();
    try {
      let dataDir: string;
      if (discoveredDataDir && discoveredDataDir.entities === total) {
        dataDir = discoveredDataDir.dir;
        ctx.log(`reusing the discovery storm's database (${total} entities)`);
      } else {
        dataDir = join(ctx.workDir, 'startup', 'data');
        const first = await startSwitchyard({
          brokerUrl: ctx.broker.url,
          dataDir,
          automationsDir: join(ctx.workDir, 'startup', 'automations'),
        });
        try {
          await untilEntities(first.get, total);
        } finally {
          await first.stop();
        }
        ctx.log(`built a database of ${total} entities`);
      }

      const floors: number[] = [];
      const times: number[] = [];
      const liveTimes: number[] = [];
      let rss = 0;
      for (let i = 0; i < starts; i++) {
        floors.push(await nodeFloorMs());
        const logFile = join(ctx.workDir, 'startup', `switchyard-${i}.log`);
        const spawnedAt = Date.now();
        const sy = await startSwitchyard({
          brokerUrl: ctx.broker.url,
          dataDir,
          automationsDir: join(ctx.workDir, 'startup', 'automations'),
          logFile,
          env: { SWITCHYARD_LOG_LEVEL: 'info' },
        });
        try {
          times.push(sy.startMs);
          const listed = (await sy.get<{ count: number }>('/api/entities')).count;
          if (listed < total) throw new Error(`healthy with ${listed} of ${total} entities listed`);
          const restoredAt = await until('every entity live', () => restoredTime(logFile), 120_000, 50);
          liveTimes.push(restoredAt - spawnedAt);
          rss = sy.rss();
        } finally {
          await sy.stop();
        }
      }
      const floor = median(floors);
      const value = median(times);
      const live = median(liveTimes);
      ctx.log(
        `spawn → healthy: ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${value.toFixed(0)}); bare node: ${floors.map((t) => t.toFixed(0)).join(', ')} ms`,
      );
      ctx.log(
        `spawn → every entity live: ${liveTimes.map((t) => t.toFixed(0)).join(', ')} ms (median ${live.toFixed(0)})`,
      );
      return {
        scenario: 'startup',
        figures: [
          figure({
            name: `spawn → healthy, ${total} persisted entities (median of ${starts})`,
            value: value / 1000,
            unit: 's',
            floor: floor / 1000,
            floorRef: 'bare node HTTP server',
            target:
              total === DISCOVERY_ENTITIES ? { op: '<=', value: 1.0, text: 'start-up ≤ 1.0 s (issue 22)' } : undefined,
          }),
          figure({
            name: `spawn → all ${total} entities live (median)`,
            value: live / 1000,
            unit: 's',
            floor: floor / 1000,
            floorRef: 'bare node HTTP server',
          }),
          figure({ name: 'bare node HTTP server, spawn → answer (median)', value: floor / 1000, unit: 's' }),
        ],
        details: {
          entities: total,
          starts_ms: times,
          live_ms: liveTimes,
          floor_ms: floors,
          rss_after_live_mb: rss / 1048576,
        },
      };
    } finally {
      await clearConfigs(ctx.broker.url, configs);
    }
  },
};
