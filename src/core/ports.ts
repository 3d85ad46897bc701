import type { Unsubscribe } from './event-bus.js';

export interface IncomingMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
  readonly qos: 0 | 1 | 2;
}

export interface PublishOptions {
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

export type MessageHandler = (message: IncomingMessage) => void;

/**
 * The MQTT port every adapter uses: publish, and subscribe a handler to a topic filter (`+`, `#`).
 * Subscriptions survive reconnects. A handler that throws is logged; the connection lives on.
 */
export interface MessageBus {
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void>;
  subscribe(filter: string, handler: MessageHandler, options?: { qos?: 0 | 1 | 2 }): Promise<Unsubscribe>;
  readonly connected: boolean;
}

/** Something with a lifecycle, started by app.ts in order and stopped in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
