// Home Assistant's device and entity registries, read over its WebSocket API through the Supervisor's proxy
// (ws://supervisor/core/websocket; the manifest's `homeassistant_api: true` lets the add-on's SUPERVISOR_TOKEN in).
// The protocol (developers.home-assistant.io "WebSocket API"): the server sends `auth_required`, the client answers
// `{type: "auth", access_token}`, the server `auth_ok` or `auth_invalid`; then commands carry an `id` and are
// answered by `{id, type: "result", success, result}`. `config/device_registry/list` and
// `config/entity_registry/list` give the registries; `subscribe_events` for `device_registry_updated` and
// `entity_registry_updated` says when to read them again. The aliases given to entities in Home Assistant (what its
// voice assistants answer to) are only in the extended entries: `config/entity_registry/get_entries` is asked for the
// MQTT platform's entries after each read of the list. Home Assistant's core may start after the add-on (or
// restart): a connection that fails or closes is tried again after a pause, and the lists are read anew.
import type WebSocket from 'ws';
import { z } from 'zod';
import type { HaDevice, HaEntity, HaRegistries } from '../../automations/device-automation/ids.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/ports.js';

export interface HaRegistriesOptions {
  /** base URL of the Supervisor API, e.g. http://supervisor; the WebSocket is <url as ws>/core/websocket */
  readonly url: string;
  readonly token: string;
  readonly log: Logger;
  /** pause before connecting again after a failure or a close (default 5000 ms) */
  readonly retryDelayMs?: number;
}

const pairs = z
  .array(z.array(z.unknown()))
  .catch([])
  .transform((list) =>
    list.flatMap((p) => (typeof p[0] === 'string' && typeof p[1] === 'string' ? [[p[0], p[1]] as const] : [])),
  );
const DeviceEntry = z.object({
  id: z.string(),
  name: z.string().nullable().catch(null),
  name_by_user: z.string().nullable().optional().catch(null),
  identifiers: pairs,
  connections: pairs,
});
const EntityEntry = z.object({
  id: z.string(),
  entity_id: z.string(),
  unique_id: z.coerce.string(),
  platform: z.string(),
  device_id: z.string().nullable().catch(null),
  /** the name given in Home Assistant (null: the integration's) */
  name: z.string().nullable().optional().catch(null),
});
/** `get_entries` answers entity_id → extended entry (null when unknown); only the aliases are read */
const Extended = z.record(
  z.string(),
  z
    .object({ aliases: z.array(z.unknown()).catch([]) })
    .nullable()
    .catch(null),
);
const Message = z.looseObject({ type: z.string(), id: z.number().optional() });

type Kind = 'devices' | 'entities';
const LIST: Record<Kind, string> = { devices: 'config/device_registry/list', entities: 'config/entity_registry/list' };
const EVENT: Record<string, Kind> = { device_registry_updated: 'devices', entity_registry_updated: 'entities' };

/** Valid entries of a list answer; the others are counted. */
function entries<T>(schema: z.ZodType<T>, result: unknown): { items: T[]; skipped: number } {
  const list = Array.isArray(result) ? result : [];
  const items: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
  }
  return { items, skipped: list.length - items.length };
}

export function createHaRegistries(opts: HaRegistriesOptions): HaRegistries & Service {
  const endpoint = `${opts.url.replace(/\/+$/, '').replace(/^http/, 'ws')}/core/websocket`;
  const log = opts.log;
  const devices = new Map<string, HaDevice>();
  const byRegistryId = new Map<string, HaEntity>();
  const byEntityId = new Map<string, HaEntity>();
  const loaded = new Set<Kind>();
  const listeners = new Set<() => void>();
  let reason = 'not connected to Home Assistant yet';
  let socket: WebSocket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = true;
  let nextId = 1;
  /** connection attempts that failed since the last success (the first is logged at info) */
  let failures = 0;
  /** command id → the list it reads */
  const reading = new Map<number, Kind>();
  /** lists to read again once the read in flight is answered */
  const again = new Set<Kind>();
  /** the command id of the `get_entries` in flight (aliases) */
  let extendedRead: number | undefined;

  const changed = () => {
    for (const l of [...listeners]) l();
  };

  const send = (ws: WebSocket, message: Record<string, unknown>): number => {
    const id = nextId++;
    ws.send(JSON.stringify({ id, ...message }));
    return id;
  };
  const read = (ws: WebSocket, kind: Kind) => {
    if ([...reading.values()].includes(kind)) again.add(kind);
    else reading.set(send(ws, { type: LIST[kind] }), kind);
  };

  const store = (kind: Kind, result: unknown) => {
    if (kind === 'devices') {
      const { items, skipped } = entries(DeviceEntry, result);
      devices.clear();
      for (const d of items) devices.set(d.id, d);
      if (skipped > 0) log.debug("entries of Home Assistant's device registry not understood", { skipped });
    } else {
      const { items, skipped } = entries(EntityEntry, result);
      const aliases = new Map([...byEntityId.values()].map((e) => [e.entity_id, e.aliases] as const));
      byRegistryId.clear();
      byEntityId.clear();
      for (const item of items) {
        const known = aliases.get(item.entity_id);
        const e: HaEntity = known ? { ...item, aliases: known } : item;
        byRegistryId.set(e.id, e);
        byEntityId.set(e.entity_id, e);
      }
      if (skipped > 0) log.debug("entries of Home Assistant's entity registry not understood", { skipped });
    }
    const first = loaded.size < 2;
    loaded.add(kind);
    if (first && loaded.size === 2)
      log.info("Home Assistant's registries read", { devices: devices.size, entities: byRegistryId.size });
    changed();
  };

  const readAliases = (ws: WebSocket) => {
    const entity_ids = [...byEntityId.values()].filter((e) => e.platform === 'mqtt').map((e) => e.entity_id);
    extendedRead =
      entity_ids.length > 0 ? send(ws, { type: 'config/entity_registry/get_entries', entity_ids }) : undefined;
  };
  const storeAliases = (result: unknown) => {
    const parsed = Extended.safeParse(result);
    if (!parsed.success) return void log.debug("Home Assistant's extended entity entries not understood");
    let changes = 0;
    for (const [entityId, entry] of Object.entries(parsed.data)) {
      const e = byEntityId.get(entityId);
      if (!e || !entry) continue;
      const aliases = entry.aliases.filter((a): a is string => typeof a === 'string' && a.trim() !== '');
      if ((e.aliases ?? []).join('\n') === aliases.join('\n')) continue;
      const updated: HaEntity = { ...e, aliases };
      byEntityId.set(entityId, updated);
      byRegistryId.set(e.id, updated);
      changes++;
    }
    if (changes > 0) changed();
  };

  const onMessage = (ws: WebSocket, text: string) => {
    let parsed: z.infer<typeof Message>;
    try {
      parsed = Message.parse(JSON.parse(text));
    } catch {
      log.debug('a WebSocket message from Home Assistant was not understood');
      return;
    }
    const msg = parsed as Record<string, unknown> & z.infer<typeof Message>;
    if (msg.type === 'auth_required') ws.send(JSON.stringify({ type: 'auth', access_token: opts.token }));
    else if (msg.type === 'auth_invalid') {
      reason = `Home Assistant refused the token: ${String(msg['message'] ?? 'auth_invalid')}`;
      log.warn("cannot read Home Assistant's registries (is homeassistant_api in config.yaml?)", { reason });
      stopped = true; // another attempt would be refused the same way
      ws.close();
    } else if (msg.type === 'auth_ok') {
      failures = 0;
      reason = "reading Home Assistant's registries";
      for (const event_type of Object.keys(EVENT)) send(ws, { type: 'subscribe_events', event_type });
      read(ws, 'devices');
      read(ws, 'entities');
    } else if (msg.type === 'result' && msg.id !== undefined && reading.has(msg.id)) {
      const kind = reading.get(msg.id) as Kind;
      reading.delete(msg.id);
      if (msg['success'] === true) store(kind, msg['result']);
      else log.warn('Home Assistant did not list a registry', { list: LIST[kind], error: msg['error'] });
      if (again.delete(kind)) read(ws, kind);
      else if (kind === 'entities' && msg['success'] === true) readAliases(ws);
    } else if (msg.type === 'result' && msg.id !== undefined && msg.id === extendedRead) {
      extendedRead = undefined;
      if (msg['success'] === true) storeAliases(msg['result']);
      else log.debug("Home Assistant did not give the entities' aliases", { error: msg['error'] });
    } else if (msg.type === 'event') {
      const event = msg['event'] as { event_type?: unknown } | undefined;
      const kind = typeof event?.event_type === 'string' ? EVENT[event.event_type] : undefined;
      if (kind) read(ws, kind);
    }
  };

  // `ws` is loaded when first needed (about 50 ms of start-up otherwise, and only an add-on connects)
  let Socket: typeof WebSocket | undefined;
  const connect = async () => {
    retry = undefined;
    Socket ??= (await import('ws')).default;
    if (stopped) return;
    const ws = new Socket(endpoint);
    socket = ws;
    reading.clear();
    again.clear();
    extendedRead = undefined;
    ws.on('message', (data) => onMessage(ws, String(data)));
    ws.on('error', (err) => {
      if (loaded.size < 2) reason = `Home Assistant is not reachable: ${err.message}`;
    });
    ws.on('close', () => {
      if (socket === ws) socket = undefined;
      if (stopped) return;
      // what was read stays in use while away; it is read anew once connected again
      const delay = opts.retryDelayMs ?? 5_000;
      const fields = { reason, delay_ms: delay };
      if (failures++ === 0) log.info("Home Assistant's WebSocket API is not available; trying again", fields);
      else log.debug("Home Assistant's WebSocket API is still not available", fields);
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    });
  };

  return {
    name: 'home-assistant-registries',
    async start() {
      if (!stopped) return;
      stopped = false;
      void connect();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = undefined;
      socket?.close();
      socket = undefined;
    },
    status: () => (loaded.size === 2 ? { ready: true } : { ready: false, reason }),
    device: (id) => devices.get(id),
    entity: (id) => byRegistryId.get(id),
    entityById: (id) => byEntityId.get(id),
    entities: () => byEntityId.values(),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
