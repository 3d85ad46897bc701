// Live figures for get_system_status and /api/system/status (part of the composition root): MQTT
// traffic from the connection, state changes counted on the bus, the history writer's progress, and
// the process's memory and event-loop delay, which say whether Switchyard keeps up with the home.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RuntimeFigures } from '../usecases/deps.js';
import type { MqttTraffic } from '../adapters/mqtt/mqtt-connection.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Service } from '../core/ports.js';
import { createRateCounter } from '../core/rates.js';

export interface RuntimeWiring {
  bus: EventBus<CoreEvents>;
  traffic: () => MqttTraffic | undefined;
  history: () => { written: number; pending: number } | undefined;
}

export function createRuntimeFigures(w: RuntimeWiring): { figures: () => RuntimeFigures; service: Service } {
  const changes = createRateCounter();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let off: (() => void) | undefined;
  let window: NodeJS.Timeout | undefined;
  const figures = (): RuntimeFigures => {
    const traffic = w.traffic() ?? { received_total: 0, published_total: 0, received_per_s: 0, published_per_s: 0 };
    const history = w.history();
    const memory = process.memoryUsage();
    const ms = (ns: number) => Math.round((Number.isFinite(ns) ? ns : 0) / 1e4) / 100;
    return {
      messages: { ...traffic },
      state_changes: { total: changes.total, per_s: changes.perSecond() },
      history: { rows_written: history?.written ?? 0, rows_pending: history?.pending ?? 0 },
      process: {
        rss_bytes: memory.rss,
        heap_used_bytes: memory.heapUsed,
        heap_total_bytes: memory.heapTotal,
        external_bytes: memory.external,
        event_loop_delay_p50_ms: ms(delay.percentile(50)),
        event_loop_delay_p99_ms: ms(delay.percentile(99)),
        event_loop_delay_max_ms: ms(delay.max),
        active_resources: process.getActiveResourcesInfo().length,
        bus_listeners: w.bus.listenerTotal(),
      },
    };
  };
  const service: Service = {
    name: 'runtime figures',
    async start() {
      off = w.bus.on('state_changed', () => changes.add());
      delay.enable();
      // the delay figures cover the current minute (started afresh every 60 s), not the whole uptime
      window = setInterval(() => delay.reset(), 60_000);
      window.unref();
    },
    async stop() {
      off?.();
      off = undefined;
      if (window) clearInterval(window);
      delay.disable();
    },
  };
  return { figures, service };
}
