// Coalesces the SUBSCRIBEs asked for within one tick into one packet. A discovery storm subscribes
// thousands of new state and availability topics, a few dozen in every slice of work: one packet (and
// one SUBACK) per slice instead of one per topic spares mqtt.js and the broker thousands of round trips.
// A filter with a subscription identifier (MQTT 5, a connection with a share group) goes in a packet of its own:
// the identifier is a property of the whole SUBSCRIBE packet, so one packet can name only one subscription.
import type { MqttClient } from 'mqtt';
import { subscribeOptions } from './subscription-ids.js';

/** the most filters one SUBSCRIBE packet carries (a packet this size is still a few tens of kilobytes) */
const MAX_FILTERS = 1000;

type Qos = 0 | 1 | 2;
interface Queued {
  qos: Qos;
  id: number | undefined;
  waiters: { resolve: () => void; reject: (err: Error) => void }[];
}

export class SubscribeBatcher {
  private queued = new Map<string, Queued>();
  private scheduled = false;

  constructor(private readonly client: () => MqttClient | undefined) {}

  /**
   * Subscribes `filter` together with every other filter asked for in this tick; resolves when the
   * broker has acknowledged it (or at once when the connection is down by then: the reconnect
   * subscribes everything again), rejects when the broker refused this filter or the packet failed. `id`: the
   * filter's subscription identifier, taken when it was asked for (the latest one wins within a tick).
   */
  subscribe(filter: string, qos: Qos, id?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let entry = this.queued.get(filter);
      if (!entry) {
        entry = { qos, id, waiters: [] };
        this.queued.set(filter, entry);
      }
      entry.qos = Math.max(entry.qos, qos) as Qos;
      entry.id = id;
      entry.waiters.push({ resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // nextTick runs once the current run of microtasks is over: everything a slice of promise-chained
      // work subscribes goes into the same packet
      process.nextTick(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = [...this.queued];
    this.queued = new Map();
    const c = this.client();
    if (!c?.connected) {
      for (const [, entry] of batch) for (const w of entry.waiters) w.resolve();
      return;
    }
    const plain = batch.filter(([filter, entry]) => {
      if (entry.id === undefined) return true;
      this.send(c, [[filter, entry]], entry.id);
      return false;
    });
    for (let i = 0; i < plain.length; i += MAX_FILTERS) this.send(c, plain.slice(i, i + MAX_FILTERS));
  }

  private send(c: MqttClient, chunk: [string, Queued][], id?: number): void {
    const [first] = chunk;
    const done: Parameters<MqttClient['subscribe']>[2] = (err, granted, packet) => {
      // on failure mqtt.js gives the SUBACK's reason codes in the order of `granted` (when there was a SUBACK)
      const codes = new Map<string, number>();
      granted?.forEach((g, i) => {
        const rc = err ? packet?.granted?.[i] : g.qos;
        codes.set(g.topic, typeof rc === 'number' ? rc : 0x80);
      });
      for (const [filter, entry] of chunk) {
        const code = codes.get(filter);
        const refused = err && (code === undefined || (code & 0x80) !== 0);
        for (const w of entry.waiters) {
          if (refused) w.reject(err);
          else w.resolve();
        }
      }
    };
    if (id !== undefined && first) c.subscribe(first[0], subscribeOptions(first[1].qos, id), done);
    else c.subscribe(Object.fromEntries(chunk.map(([filter, entry]) => [filter, { qos: entry.qos }])), done);
  }
}
