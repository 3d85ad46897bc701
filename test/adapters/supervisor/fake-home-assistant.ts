// A fake Home Assistant WebSocket API (as the Supervisor proxies it at /core/websocket) on a real `ws` server:
// auth_required → auth → auth_ok / auth_invalid, id'd commands answered with `result`, `subscribe_events` and
// events pushed to the subscribers — the protocol of developers.home-assistant.io/docs/api/websocket. Its
// registries are shaped like Home Assistant's `config/device_registry/list` / `config/entity_registry/list`.
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export const HA_TOKEN = 'fake-supervisor-token';

export interface FakeHomeAssistant {
  /** the Supervisor's base URL to give as SUPERVISOR_URL (http://127.0.0.1:<port>) */
  readonly url: string;
  devices: Record<string, unknown>[];
  entities: Record<string, unknown>[];
  /** entity_id → the aliases of its extended entry (`config/entity_registry/get_entries`); none when absent */
  aliases: Record<string, string[]>;
  /** the commands received, by type */
  readonly commands: string[];
  /** fires `<kind>_registry_updated` to every subscriber (after changing `devices` / `entities`) */
  registryUpdated(kind: 'device' | 'entity', data: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** A device registry entry as Home Assistant 2024.x lists it (MQTT device from Zigbee2MQTT). */
export function haDevice(id: string, name: string, identifiers: string[][], connections: string[][] = []) {
  return {
    area_id: null,
    configuration_url: null,
    config_entries: ['01J0CONFIGENTRYMQTT0000000'],
    connections,
    created_at: 1_700_000_000,
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    id,
    identifiers,
    labels: [],
    manufacturer: 'Xiaomi',
    model: 'Aqara motion sensor',
    model_id: 'RTCGQ11LM',
    modified_at: 1_700_000_000,
    name_by_user: null,
    name,
    primary_config_entry: '01J0CONFIGENTRYMQTT0000000',
    serial_number: null,
    sw_version: null,
    via_device_id: null,
  };
}

/** An entity registry entry as `config/entity_registry/list` gives it. */
export function haEntity(id: string, entityId: string, uniqueId: string, deviceId: string | null, platform = 'mqtt') {
  return {
    area_id: null,
    categories: {},
    config_entry_id: '01J0CONFIGENTRYMQTT0000000',
    created_at: 1_700_000_000,
    device_id: deviceId,
    disabled_by: null,
    entity_category: null,
    entity_id: entityId,
    has_entity_name: true,
    hidden_by: null,
    icon: null,
    id,
    labels: [],
    modified_at: 1_700_000_000,
    name: null,
    options: { conversation: { should_expose: false } },
    original_name: null,
    platform,
    translation_key: null,
    unique_id: uniqueId,
  };
}

export async function startFakeHomeAssistant(port = 0): Promise<FakeHomeAssistant> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/core/websocket' });
  const subscribers = new Map<WebSocket, Map<string, number>>();
  const commands: string[] = [];
  const fake: FakeHomeAssistant = {
    url: '',
    devices: [],
    entities: [],
    aliases: {},
    commands,
    registryUpdated(kind, data) {
      const event_type = `${kind}_registry_updated`;
      for (const [ws, subs] of subscribers) {
        const id = subs.get(event_type);
        if (id === undefined) continue;
        const event = { event_type, data, origin: 'LOCAL', time_fired: new Date().toISOString(), context: {} };
        ws.send(JSON.stringify({ id, type: 'event', event }));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  wss.on('connection', (ws) => {
    let authed = false;
    ws.send(JSON.stringify({ type: 'auth_required', ha_version: '2024.10.1' }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as Record<string, unknown>;
      if (!authed) {
        if (msg['type'] === 'auth' && msg['access_token'] === HA_TOKEN) {
          authed = true;
          subscribers.set(ws, new Map());
          ws.send(JSON.stringify({ type: 'auth_ok', ha_version: '2024.10.1' }));
        } else {
          ws.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access token or password' }));
          ws.close();
        }
        return;
      }
      const id = msg['id'];
      const type = String(msg['type']);
      commands.push(type);
      const result = (value: unknown) => ws.send(JSON.stringify({ id, type: 'result', success: true, result: value }));
      if (type === 'config/device_registry/list') result(fake.devices);
      else if (type === 'config/entity_registry/list') result(fake.entities);
      else if (type === 'config/entity_registry/get_entries') {
        // entity_id → the extended entry (the list entry with aliases, capabilities, …), null when unknown
        const ids = (msg['entity_ids'] as string[] | undefined) ?? [];
        const extended = (id: string) => {
          const entry = fake.entities.find((e) => e['entity_id'] === id);
          return entry ? { ...entry, aliases: fake.aliases[id] ?? [], capabilities: null, device_class: null } : null;
        };
        result(Object.fromEntries(ids.map((id) => [id, extended(id)])));
      } else if (type === 'subscribe_events') {
        subscribers.get(ws)?.set(String(msg['event_type']), id as number);
        result(null);
      } else
        ws.send(
          JSON.stringify({
            id,
            type: 'result',
            success: false,
            error: { code: 'unknown_command', message: 'Unknown command.' },
          }),
        );
    });
    ws.on('close', () => subscribers.delete(ws));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = http.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  (fake as { url: string }).url = `http://127.0.0.1:${bound}`;
  return fake;
}
