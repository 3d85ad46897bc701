// A flood from one device is rate-limited per device without starving the others (issue 21). Every message a
// discovered entity hears (state, attributes, availability, pictures) first asks its device's token bucket: the
// device is the registry device of its discovery config, and an entity without one is a device of its own. Over
// the rate, a message is held back instead of handled: the latest of each topic waits in the bucket and is
// handled when tokens return, so a flooding sensor still ends at its latest value; a held message that a newer
// one on its topic replaces is dropped and counted. While a device has messages held, its new ones are held too
// (nothing overtakes what waits). A flood episode starts with the first message held and ends when the bucket
// has filled up again (the device stayed under its rate for burst ÷ rate seconds); its start, its count and its
// end go to a FloodReport (diagnostics, log, alert: device-flood.ts), never once per message.
//
// The check runs for every message and every entity that hears it, so it is O(1) and allocates nothing: the
// router hands one message object to all the handlers of its topic one after the other, so the limiter keeps
// the last message it saw and a sequence number, and each bucket remembers its verdict on that message — a
// Zigbee2MQTT device whose ten entities share one state topic pays one token per message, not ten. Holding a
// message allocates only the first time its topic waits (a Map entry, then replaced in place), and one timer
// per flooding device.
import type { IncomingMessage } from '../../core/ports.js';
import { topicMatches } from '../../core/topic.js';

/**
 * Defaults, in messages per device. Real devices are far below them: a power meter reporting every 100 ms sends
 * 10 a second; a Zigbee device cannot come near 200 a second at all (the whole network shares one 250 kbit/s
 * radio, of the order of 100 frames a second for all devices together, and Zigbee2MQTT publishes one message
 * per report); an ESPHome or Tasmota node with dozens of sensors updating every second sends tens. The burst
 * covers what a device sends at once: its retained states replayed when Switchyard (re)subscribes, an ESPHome
 * node republishing every entity after it reconnects (a few hundred at most). A device sending thousands a
 * second is held to 200 after at most 2,000 messages, which costs the others about 1% of a core.
 */
export const DEFAULT_DEVICE_RATE = 200;
export const DEFAULT_DEVICE_BURST = 2_000;
/** held messages are let go at most this often: a flooding sensor still shows its latest value 20 times a second */
const FLUSH_MS = 50;

/** What a bucket needs of a live entity of its device. */
export interface RateMember {
  /** whether one of its subscriptions matches `topic` */
  listensTo(topic: string): boolean;
  /** handles a message that was held back, without asking the bucket again */
  receive(message: IncomingMessage): void;
}

/** Which device an entity's messages count for. */
export interface RateGroup {
  /** the registry device id, or the entity id of an entity without a device */
  readonly key: string;
  /** how the device is named in diagnostics, the log and alerts */
  readonly label: string;
  readonly deviceId: string | null;
  readonly entityId: string;
}

/** Told about flood episodes, never once per message. */
export interface FloodReport {
  /** the first message of an episode was held back (on `topic`) */
  start(bucket: DeviceBucket, topic: string): void;
  /** `dropped` more messages were dropped (bucket.episodeDropped is the episode's total so far) */
  update(bucket: DeviceBucket, dropped: number): void;
  /** the bucket filled up again: the episode is over */
  end(bucket: DeviceBucket): void;
}

export interface RateGate {
  /** true: handle the message now; false: it was held back (handled later, or dropped and counted) */
  admit(message: IncomingMessage): boolean;
}

/** the gate of an unlimited limiter (rate 0) */
const OPEN: RateGate = { admit: () => true };

export class DeviceRateLimiter {
  /** the message the buckets' verdicts are about, and its number */
  current: IncomingMessage | undefined;
  seq = 0;
  /** messages dropped by every bucket since start */
  dropped = 0;
  readonly perMs: number;
  private readonly buckets = new Map<string, DeviceBucket>();
  private stopped = false;

  constructor(
    readonly rate: number,
    readonly burst: number,
    readonly report: FloodReport,
    readonly now: () => number = () => performance.now(),
    /** a member that threw while handling a held message */
    readonly onError: (err: unknown) => void = () => {},
  ) {
    this.perMs = rate / 1000;
  }

  /** the gate for `member`'s messages: its device's bucket (shared with the device's other entities) */
  join(group: RateGroup, member: RateMember): RateGate {
    if (this.rate <= 0) return OPEN;
    let bucket = this.buckets.get(group.key);
    if (!bucket) {
      bucket = new DeviceBucket(this, group);
      this.buckets.set(group.key, bucket);
    }
    bucket.members.push(member);
    return bucket;
  }

  /** `member` is gone (detached): a bucket without members is forgotten, what it held is dropped */
  leave(gate: RateGate, member: RateMember): void {
    if (this.stopped || !(gate instanceof DeviceBucket)) return;
    const i = gate.members.indexOf(member);
    if (i < 0) return;
    gate.members.splice(i, 1);
    if (gate.members.length > 0) return;
    gate.close();
    if (this.buckets.get(gate.key) === gate) this.buckets.delete(gate.key);
  }

  /** the consumer stops: timers end, nothing more is held or reported */
  stop(): void {
    this.stopped = true;
    for (const b of this.buckets.values()) b.cancel();
    this.buckets.clear();
  }
}

export class DeviceBucket implements RateGate {
  readonly key: string;
  readonly label: string;
  readonly deviceId: string | null;
  readonly entityId: string;
  readonly members: RateMember[] = [];
  private tokens: number;
  private last: number;
  /** the limiter's seq of the message this bucket last decided on, and the verdict */
  private seq = -1;
  private verdict = true;
  private held: Map<string, IncomingMessage> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private readonly tick = (): void => this.onTimer();
  flooding = false;
  /** messages dropped in the current (or last) episode, and how many of them the report has been told */
  episodeDropped = 0;
  private reported = 0;
  /** limiter.now() when the current (or last) episode started */
  episodeStart = 0;

  constructor(
    private readonly limiter: DeviceRateLimiter,
    group: RateGroup,
  ) {
    this.key = group.key;
    this.label = group.label;
    this.deviceId = group.deviceId;
    this.entityId = group.entityId;
    this.tokens = limiter.burst;
    this.last = limiter.now();
  }

  admit(message: IncomingMessage): boolean {
    const l = this.limiter;
    if (message !== l.current) {
      l.current = message;
      l.seq++;
    }
    if (this.seq === l.seq) return this.verdict;
    this.seq = l.seq;
    this.verdict = this.decide(message);
    return this.verdict;
  }

  private decide(message: IncomingMessage): boolean {
    const held = this.held;
    if (held !== undefined && held.size > 0) {
      // a timer is due while anything is held: nothing else to arrange
      this.hold(held, message);
      return false;
    }
    const now = this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.held ??= new Map();
    this.hold(this.held, message);
    if (!this.flooding) {
      this.flooding = true;
      this.episodeStart = now;
      this.episodeDropped = 0;
      this.reported = 0;
      this.limiter.report.start(this, message.topic);
    }
    this.schedule(now, Math.max(FLUSH_MS, (1 - this.tokens) / this.limiter.perMs));
    return false;
  }

  /** keeps the latest message of its topic; the one it replaces is dropped */
  private hold(held: Map<string, IncomingMessage>, message: IncomingMessage): void {
    const size = held.size;
    held.set(message.topic, message);
    if (held.size === size) this.drop(1);
  }

  private drop(n: number): void {
    this.episodeDropped += n;
    this.limiter.dropped += n;
  }

  private refill(): number {
    const now = this.limiter.now();
    const tokens = this.tokens + (now - this.last) * this.limiter.perMs;
    this.tokens = Math.min(tokens, this.limiter.burst);
    this.last = now;
    return now;
  }

  /** (re)arms the timer to fire in `delay` ms, unless it fires sooner already */
  private schedule(now: number, delay: number): void {
    const at = now + delay;
    if (this.timer !== undefined) {
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(this.tick, Math.ceil(delay));
    this.timer.unref();
  }

  /** lets held messages go as tokens allow, reports, and ends the episode once the bucket is full again */
  private onTimer(): void {
    this.timer = undefined;
    const now = this.refill();
    const held = this.held;
    if (held !== undefined) {
      for (const [topic, message] of held) {
        if (this.tokens < 1) break;
        this.tokens -= 1;
        held.delete(topic);
        this.deliver(topic, message);
      }
    }
    if (this.episodeDropped > this.reported) {
      const n = this.episodeDropped - this.reported;
      this.reported = this.episodeDropped;
      this.limiter.report.update(this, n);
    }
    const perMs = this.limiter.perMs;
    if (held !== undefined && held.size > 0) this.schedule(now, Math.max(FLUSH_MS, (1 - this.tokens) / perMs));
    else if (this.tokens < this.limiter.burst) this.schedule(now, (this.limiter.burst - this.tokens) / perMs);
    else this.endEpisode();
  }

  private deliver(topic: string, message: IncomingMessage): void {
    let heard = false;
    for (const member of this.members) {
      if (!member.listensTo(topic)) continue;
      heard = true;
      try {
        member.receive(message);
      } catch (err) {
        this.limiter.onError(err);
      }
    }
    if (!heard) this.drop(1);
  }

  private endEpisode(): void {
    if (!this.flooding) return;
    this.flooding = false;
    this.limiter.report.end(this);
  }

  /** the last member left: what is held is dropped, the episode reported as over */
  close(): void {
    this.cancel();
    if (this.held !== undefined && this.held.size > 0) {
      this.drop(this.held.size);
      this.held.clear();
    }
    if (this.episodeDropped > this.reported) {
      const n = this.episodeDropped - this.reported;
      this.reported = this.episodeDropped;
      this.limiter.report.update(this, n);
    }
    this.endEpisode();
  }

  /** stops the timer (the limiter stops): nothing more is reported */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** whether any of `filters` matches `topic` */
export function listensTo(filters: readonly string[], topic: string): boolean {
  for (const f of filters) if (f === topic || topicMatches(f, topic)) return true;
  return false;
}
