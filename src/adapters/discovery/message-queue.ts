// The discovery consumer's queue: messages are handled one after another (so a removal never overtakes the
// add before it), in slices of time that leave the event loop free, from a plain array — a storm queues
// tens of thousands of messages, and a promise chain would add half a dozen objects to each. It also tells
// when a bulk load is under way: many messages waiting, or a large restore, until it has been quiet a while.
import type { IncomingMessage } from '../../core/ports.js';
import { timeSlices } from './time-slices.js';

export interface MessageQueueOptions {
  handle: (message: IncomingMessage) => Promise<void>;
  /** a handler that threw: the message is reported and the queue goes on */
  onError: (message: IncomingMessage, err: unknown) => void;
  onBulk?: ((busy: boolean) => void) | undefined;
  /** the longest the queue works before the event loop gets a turn (default 5 ms) */
  sliceMs?: number;
  /** messages waiting that make a bulk load (default 200) */
  bulkAt?: number;
  /** how long the queue must stay empty before a bulk load is over (default 500 ms) */
  bulkQuietMs?: number;
  /**
   * messages that may wait (default 50,000: a Zigbee2MQTT network of 1,000 devices announces about 12,000 configs);
   * beyond it a message is dropped and `onDrop` told, so a flood cannot take all the memory (issue 21)
   */
  maxWaiting?: number;
  onDrop?: ((message: IncomingMessage, dropped: number) => void) | undefined;
}

export class MessageQueue {
  private inbox: (IncomingMessage | undefined)[] = [];
  private head = 0;
  private running: Promise<void> | undefined;
  private first: Promise<void> = Promise.resolve();
  private waiting = 0;
  private bulk = false;
  private bulkEnd: NodeJS.Timeout | undefined;
  private readonly yieldNow: () => Promise<void>;
  private readonly bulkAt: number;
  private readonly bulkQuietMs: number;
  private readonly maxWaiting: number;
  private closing: () => void = () => {};
  private readonly closed = new Promise<void>((resolve) => (this.closing = resolve));
  /** messages dropped because too many were waiting */
  dropped = 0;

  constructor(private readonly opts: MessageQueueOptions) {
    this.yieldNow = timeSlices(opts.sliceMs ?? 5);
    this.bulkAt = opts.bulkAt ?? 200;
    this.bulkQuietMs = opts.bulkQuietMs ?? 500;
    this.maxWaiting = opts.maxWaiting ?? 50_000;
  }

  /**
   * Work done before any message (the restore at start), counted as `weight` messages waiting; it gives the
   * event loop its turns by awaiting the queue's own `yieldNow` between pieces. With `after`, it begins once that
   * resolves or the queue is closed, whichever comes first; messages wait behind it meanwhile.
   */
  runFirst(task: (yieldNow: () => Promise<void>) => Promise<void>, weight: number, after?: Promise<void>): void {
    this.added(weight);
    this.first = this.first
      .then(() => after && Promise.race([after, this.closed]))
      .then(() => task(this.yieldNow))
      .finally(() => this.removed(weight));
  }

  push(message: IncomingMessage): void {
    if (this.inbox.length - this.head >= this.maxWaiting) {
      this.dropped++;
      this.opts.onDrop?.(message, this.dropped);
      return;
    }
    this.inbox.push(message);
    this.added(1);
    this.running ??= this.drain();
  }

  /** resolves once everything queued so far is done */
  async idle(): Promise<void> {
    await this.first;
    while (this.running) await this.running;
  }

  /** no more bulk load reports (stopping) */
  close(): void {
    this.closing();
    if (this.bulkEnd) clearTimeout(this.bulkEnd);
    this.bulkEnd = undefined;
    if (this.bulk) this.opts.onBulk?.(false);
    this.bulk = false;
  }

  private async drain(): Promise<void> {
    await this.first;
    while (this.head < this.inbox.length) {
      const message = this.inbox[this.head] as IncomingMessage;
      this.inbox[this.head++] = undefined;
      // drop the handled part now and then, so the array does not keep growing at its front
      if (this.head >= 1024 && this.head * 2 >= this.inbox.length) {
        this.inbox = this.inbox.slice(this.head);
        this.head = 0;
      }
      await this.yieldNow();
      try {
        await this.opts.handle(message);
      } catch (err) {
        this.opts.onError(message, err);
      }
      this.removed(1);
    }
    this.running = undefined;
  }

  private added(n: number): void {
    this.waiting += n;
    if (this.bulkEnd) clearTimeout(this.bulkEnd);
    this.bulkEnd = undefined;
    if (!this.bulk && this.waiting >= this.bulkAt && this.opts.onBulk) {
      this.bulk = true;
      this.opts.onBulk(true);
    }
  }

  private removed(n: number): void {
    this.waiting -= n;
    if (this.waiting > 0 || !this.bulk) return;
    this.bulkEnd = setTimeout(() => {
      this.bulkEnd = undefined;
      if (this.waiting > 0 || !this.bulk) return;
      this.bulk = false;
      this.opts.onBulk?.(false);
    }, this.bulkQuietMs);
    this.bulkEnd.unref();
  }
}
