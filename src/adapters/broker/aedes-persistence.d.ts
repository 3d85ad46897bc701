// aedes-persistence's in-memory store (asyncPersistence.js) as this adapter extends it; its own types are
// not reachable through that path.
declare module 'aedes-persistence/asyncPersistence.js' {
  import type { Readable } from 'node:stream';

  export interface StoredPacket {
    cmd: string;
    topic: string;
    payload: Buffer;
    qos: number;
    retain: boolean;
    dup?: boolean;
    messageId?: number;
    brokerId?: string;
    brokerCounter?: number;
    clientId?: string;
    [field: string]: unknown;
  }
  export interface PersistedClient {
    id: string;
  }
  export interface PersistedSubscription {
    topic: string;
    qos: number;
    rh?: number;
    rap?: boolean;
    nl?: boolean;
  }

  class MemoryPersistence {
    constructor(opts?: object);
    setup(broker: { id: string }): Promise<void>;
    storeRetained(packet: StoredPacket): Promise<void>;
    createRetainedStream(pattern: string): Readable;
    createRetainedStreamCombi(patterns: string[]): Readable;
    addSubscriptions(client: PersistedClient, subs: PersistedSubscription[]): Promise<void>;
    removeSubscriptions(client: PersistedClient, topics: string[]): Promise<void>;
    subscriptionsByClient(client: PersistedClient): Promise<PersistedSubscription[]>;
    subscriptionsByTopic(pattern: string): Promise<({ clientId: string } & PersistedSubscription)[]>;
    cleanSubscriptions(client: PersistedClient): Promise<void>;
    outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void>;
    outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void>;
    outgoingUpdate(client: PersistedClient, packet: StoredPacket): Promise<void>;
    outgoingClearMessageId(client: PersistedClient, packet: StoredPacket): Promise<StoredPacket | undefined>;
    outgoingStream(client: PersistedClient): Readable;
    incomingStorePacket(client: PersistedClient, packet: StoredPacket): Promise<void>;
    incomingGetPacket(client: PersistedClient, packet: StoredPacket): Promise<StoredPacket>;
    incomingDelPacket(client: PersistedClient, packet: StoredPacket): Promise<void>;
    cleanIncoming(client: PersistedClient): Promise<void>;
    putWill(client: PersistedClient, packet: StoredPacket): Promise<void>;
    getWill(client: PersistedClient): Promise<StoredPacket | undefined>;
    delWill(client: PersistedClient): Promise<StoredPacket | undefined>;
    streamWill(brokers?: Record<string, number>): Readable;
    destroy(): Promise<void>;
    static Packet: new (
      packet: Partial<StoredPacket>,
      broker?: { id: string; counter: number },
    ) => StoredPacket;
  }
  export = MemoryPersistence;
}
