// The embedded broker's persistence: aedes-persistence's in-memory store answers every read, and every
// change is also written to Switchyard's durable store, all changes of one event-loop turn in one
// transaction. A change's promise settles when its transaction has committed; the patched aedes
// acknowledges a publish only after that (src/adapters/broker/README.md), so a retained message or delete
// a client was told is stored survives the process being killed, and so do sessions and their queues.
//
// Measured against aedes-persistence-level (the earlier store), see README.md: it lost acknowledged
// retained messages on SIGKILL (write-behind) and needs LevelDB's native module besides SQLite's.
import MemoryPersistence, {
  type PersistedClient,
  type PersistedSubscription,
  type StoredPacket,
} from 'aedes-persistence/asyncPersistence.js';
import { Readable } from 'node:stream';
import type { Logger } from '../../core/logger.js';
import type { BrokerStateChange, BrokerStateStore } from '../../core/ports.js';
import { IndexedMemoryPersistence } from './indexed-memory-persistence.js';
import { decodePacket, encodePacket } from './packet-codec.js';
import { WriteBatch } from './write-batch.js';

const RETAINED = 'retained';
const SUBSCRIPTIONS = 'subscription';
const OUTGOING = 'outgoing';
const INCOMING = 'incoming';
const WILL = 'will';

/** queue keys sort in queue order as text */
const seqKey = (seq: number): string => seq.toString().padStart(15, '0');

interface Queued {
  readonly seq: number;
  packet: StoredPacket;
}

export class DurablePersistence extends IndexedMemoryPersistence {
  readonly #store: BrokerStateStore;
  readonly #batch: WriteBatch;
  /** each client's outgoing queue, with the key of every packet's row */
  readonly #outgoing = new Map<string, Queued[]>();
  /** clients with in-flight incoming QoS 2 packets stored (a clean connect clears them) */
  readonly #withIncoming = new Set<string>();
  #seq = 0;

  constructor(store: BrokerStateStore, log: Logger) {
    super();
    this.#store = store;
    this.#batch = new WriteBatch(store, log);
  }

  /** what was loaded at setup, for the start-up log */
  loaded = { retained: 0, sessions: 0, queued: 0 };

  override async setup(broker: { id: string }): Promise<void> {
    await super.setup(broker);
    const subscriptions = new Map<string, PersistedSubscription[]>();
    for (const row of this.#store.load()) {
      if (row.space === RETAINED) {
        await super.storeRetained(decodePacket(row.value));
        this.loaded.retained++;
      } else if (row.space === SUBSCRIPTIONS) {
        const sub = {
          topic: row.key,
          ...(JSON.parse(Buffer.from(row.value).toString('utf8')) as Omit<PersistedSubscription, 'topic'>),
        };
        subscriptions.set(row.owner, [...(subscriptions.get(row.owner) ?? []), sub]);
      } else if (row.space === OUTGOING) {
        const seq = Number(row.key);
        this.#queue(row.owner).push({ seq, packet: decodePacket(row.value) });
        this.#seq = Math.max(this.#seq, seq);
        this.loaded.queued++;
      } else if (row.space === INCOMING) {
        await super.incomingStorePacket({ id: row.owner }, decodePacket(row.value));
        this.#withIncoming.add(row.owner);
      } else if (row.space === WILL) {
        const will = decodePacket(row.value);
        const brokerId = will.brokerId;
        await super.putWill({ id: row.owner }, will);
        // keep the broker that took it: a will of a client that does not come back after a restart is
        // published once that broker is known to be gone, as aedes does for wills of a dead broker
        will.brokerId = brokerId;
      }
    }
    for (const [id, subs] of subscriptions) await super.addSubscriptions({ id }, subs);
    this.loaded.sessions = subscriptions.size;
  }

  async #write(changes: readonly BrokerStateChange[], what: string): Promise<void> {
    if (!(await this.#batch.add(changes))) throw new Error(`the broker could not store ${what}`);
  }

  /** for changes aedes does not wait on to decide anything: a failed write is logged by the batch */
  async #writeQuietly(changes: readonly BrokerStateChange[]): Promise<void> {
    await this.#batch.add(changes);
  }

  override storeRetained(packet: StoredPacket): Promise<void> {
    // the in-memory store changes now, so a subscription made before the commit already sees it
    void super.storeRetained(packet);
    const key = { space: RETAINED, owner: '', key: packet.topic };
    const change: BrokerStateChange =
      packet.payload.length === 0
        ? { op: 'delete', ...key }
        : {
            op: 'put',
            ...key,
            value: encodePacket({
              cmd: 'publish',
              topic: packet.topic,
              qos: packet.qos,
              retain: true,
              payload: packet.payload,
            }),
          };
    const committed = this.#write([change], `the retained message on ${packet.topic}`);
    if (packet.qos > 0) return committed;
    // QoS 0 is never acknowledged: it goes on to subscribers without waiting for the commit (a failed
    // commit is logged by the batch), as Mosquitto delivers before it saves
    committed.catch(() => undefined);
    return Promise.resolve();
  }

  override addSubscriptions(client: PersistedClient, subs: PersistedSubscription[]): Promise<void> {
    void super.addSubscriptions(client, subs);
    const changes = subs.map((s): BrokerStateChange => {
      const options = { qos: s.qos, rh: s.rh, rap: s.rap, nl: s.nl };
      return {
        op: 'put',
        space: SUBSCRIPTIONS,
        owner: client.id,
        key: s.topic,
        value: Buffer.from(JSON.stringify(options)),
      };
    });
    return this.#write(changes, `the subscriptions of ${client.id}`);
  }

  override removeSubscriptions(client: PersistedClient, topics: string[]): Promise<void> {
    void super.removeSubscriptions(client, topics);
    return this.#write(
      topics.map((t) => ({ op: 'delete', space: SUBSCRIPTIONS, owner: client.id, key: t })),
      `the unsubscriptions of ${client.id}`,
    );
  }

  override async cleanSubscriptions(client: PersistedClient): Promise<void> {
    // every clean-session CONNECT comes here: write only when there was a session
    const had = (await super.subscriptionsByClient(client)).length > 0;
    await super.cleanSubscriptions(client);
    if (had)
      await this.#write([{ op: 'clear', space: SUBSCRIPTIONS, owner: client.id }], `the end of ${client.id}'s session`);
  }

  #queue(clientId: string): Queued[] {
    let queue = this.#outgoing.get(clientId);
    if (queue === undefined) {
      queue = [];
      this.#outgoing.set(clientId, queue);
    }
    return queue;
  }

  #enqueue(clientId: string, packet: StoredPacket): BrokerStateChange {
    const copy = new MemoryPersistence.Packet(packet);
    const seq = ++this.#seq;
    this.#queue(clientId).push({ seq, packet: copy });
    return { op: 'put', space: OUTGOING, owner: clientId, key: seqKey(seq), value: encodePacket(copy) };
  }

  override outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    return this.#write([this.#enqueue(sub.clientId, packet)], `a message queued for ${sub.clientId}`);
  }

  override outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void> {
    if (subs.length === 0) return Promise.resolve();
    return this.#write(
      subs.map((s) => this.#enqueue(s.clientId, packet)),
      `a message queued for ${subs.length} sessions`,
    );
  }

  // the same search as aedes-persistence's outgoingUpdate: by broker id and counter, or by message id
  // for a packet of another broker (a PUBREL replacing its PUBLISH)
  override async outgoingUpdate(client: PersistedClient, packet: StoredPacket): Promise<void> {
    const queue = this.#queue(client.id);
    for (const entry of queue) {
      const queued = entry.packet;
      if (queued.brokerId === packet.brokerId) {
        if (queued.brokerCounter !== packet.brokerCounter) continue;
        queued.messageId = packet.messageId;
      } else if (queued.messageId === packet.messageId) {
        entry.packet = packet;
      } else {
        continue;
      }
      const change: BrokerStateChange = {
        op: 'put',
        space: OUTGOING,
        owner: client.id,
        key: seqKey(entry.seq),
        value: encodePacket(entry.packet),
      };
      return this.#write([change], `a message in flight to ${client.id}`);
    }
    throw new Error('no such packet');
  }

  override async outgoingClearMessageId(
    client: PersistedClient,
    packet: StoredPacket,
  ): Promise<StoredPacket | undefined> {
    const queue = this.#outgoing.get(client.id);
    const i = queue?.findIndex((e) => e.packet.messageId === packet.messageId) ?? -1;
    if (queue === undefined || i < 0) return undefined;
    const [entry] = queue.splice(i, 1);
    if (queue.length === 0) this.#outgoing.delete(client.id);
    if (entry === undefined) return undefined;
    await this.#writeQuietly([{ op: 'delete', space: OUTGOING, owner: client.id, key: seqKey(entry.seq) }]);
    return entry.packet;
  }

  override outgoingStream(client: PersistedClient): Readable {
    return Readable.from((this.#outgoing.get(client.id) ?? []).map((e) => e.packet));
  }

  override incomingStorePacket(client: PersistedClient, packet: StoredPacket): Promise<void> {
    void super.incomingStorePacket(client, packet);
    this.#withIncoming.add(client.id);
    const change: BrokerStateChange = {
      op: 'put',
      space: INCOMING,
      owner: client.id,
      key: String(packet.messageId),
      value: encodePacket(packet),
    };
    return this.#write([change], `a QoS 2 message from ${client.id}`);
  }

  override async incomingDelPacket(client: PersistedClient, packet: StoredPacket): Promise<void> {
    await super.incomingDelPacket(client, packet);
    await this.#writeQuietly([{ op: 'delete', space: INCOMING, owner: client.id, key: String(packet.messageId) }]);
  }

  override async cleanIncoming(client: PersistedClient): Promise<void> {
    await super.cleanIncoming(client);
    if (this.#withIncoming.delete(client.id))
      await this.#writeQuietly([{ op: 'clear', space: INCOMING, owner: client.id }]);
  }

  override async putWill(client: PersistedClient, packet: StoredPacket): Promise<void> {
    await super.putWill(client, packet);
    await this.#writeQuietly([{ op: 'put', space: WILL, owner: client.id, key: '', value: encodePacket(packet) }]);
  }

  override async delWill(client: PersistedClient): Promise<StoredPacket | undefined> {
    const will = await super.delWill(client);
    if (will !== undefined) await this.#writeQuietly([{ op: 'delete', space: WILL, owner: client.id, key: '' }]);
    return will;
  }

  /** commits what is pending and closes the store */
  override async destroy(): Promise<void> {
    this.#batch.flush();
    this.#store.close();
    await super.destroy();
  }
}
