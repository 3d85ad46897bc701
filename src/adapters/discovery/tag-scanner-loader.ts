// `tag` discovery configs: tag scanners (NFC readers, RFID keypads) on a device. Each listens on its topic;
// a message that names a tag becomes a `tag_scanned` event (tag id and device), which `trigger: tag`
// automations hear. A scanner is not an entity; its device stays while the scanner does.
import { createContext } from '../../core/context.js';
import type { EventBus, Unsubscribe } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { MessageBus } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { TemplateCache } from '../../protocol/ha-discovery/components/index.js';
import { parseTagConfig, scannedTagId, type TagScannerConfig } from '../../protocol/ha-discovery/tag.js';
import { removeDeviceIfUnused } from './device-trigger-loader.js';
import type { DiagnosticsLog } from './diagnostics.js';
import { upsertDiscoveredDevice } from './entity-builder.js';

export interface TagScannerInfo {
  readonly discovery_key: string;
  readonly discovery_topic: string;
  readonly device_id: string | null;
  readonly topic: string;
}

interface Scanner extends TagScannerInfo {
  readonly config: TagScannerConfig;
  off: Unsubscribe | null;
  /** a newer config replaced this one before its subscription came back */
  stale: boolean;
}

export interface TagScannerLoader {
  /** a config for the scanner with this discovery key; resolves once it listens */
  load(topic: string, key: string, config: Readonly<Record<string, unknown>>): Promise<void>;
  /** forgets one scanner (and its device, when nothing else keeps it) */
  remove(key: string): void;
  /** forgets every scanner a discovery topic announced (an empty device payload) */
  removeTopic(topic: string): void;
  /** whether a scanner keeps this device */
  usesDevice(deviceId: string): boolean;
  list(deviceId?: string): TagScannerInfo[];
  stop(): void;
}

export interface TagScannerDeps {
  registry: Registry;
  rooms: readonly string[];
  diagnostics: DiagnosticsLog;
  messages: MessageBus;
  bus: EventBus<CoreEvents>;
  log: Logger;
  /** compiles the scanners' templates (the consumer's cache, shared with its entities) */
  templates: TemplateCache;
}

export function createTagScannerLoader(deps: TagScannerDeps): TagScannerLoader {
  const scanners = new Map<string, Scanner>();
  const drop = (key: string): Scanner | undefined => {
    const s = scanners.get(key);
    if (!s) return undefined;
    scanners.delete(key);
    s.stale = true;
    s.off?.();
    return s;
  };
  const usesDevice = (deviceId: string): boolean => [...scanners.values()].some((s) => s.device_id === deviceId);
  const info = (s: Scanner): TagScannerInfo => ({
    discovery_key: s.discovery_key,
    discovery_topic: s.discovery_topic,
    device_id: s.device_id,
    topic: s.topic,
  });
  return {
    async load(topic, key, raw) {
      const parsed = parseTagConfig(raw, deps.templates);
      if (!parsed.ok) {
        deps.diagnostics.add('discovery', topic, parsed.reason, undefined, key, 'config');
        return;
      }
      const config = parsed.config;
      const device = config.device ? upsertDiscoveredDevice(deps.registry, config.device, deps.rooms) : null;
      drop(key);
      const scanner: Scanner = {
        discovery_key: key,
        discovery_topic: topic,
        device_id: device?.id ?? null,
        topic: config.topic,
        config,
        off: null,
        stale: false,
      };
      scanners.set(key, scanner);
      deps.diagnostics.clear('discovery', topic, key);
      deps.diagnostics.clear('discovery', topic);
      const off = await deps.messages.subscribe(
        config.topic,
        (m) => {
          if (scanner.stale) return;
          const result = scannedTagId(config, m.payload.toString('utf8'));
          if ('error' in result) {
            deps.diagnostics.add('template', topic, result.error, undefined, key);
            return;
          }
          if (result.id === '') return; // nothing rendered: no tag
          deps.log.debug('tag scanned', { tag_id: result.id, device_id: scanner.device_id });
          deps.bus.emit('tag_scanned', {
            tag_id: result.id,
            device_id: scanner.device_id,
            context: createContext('device'),
          });
        },
        { qos: config.qos },
      );
      if (scanner.stale) off();
      else scanner.off = off;
    },
    remove(key) {
      const gone = drop(key);
      if (gone?.device_id) removeDeviceIfUnused(deps.registry, gone.device_id, usesDevice);
    },
    removeTopic(topic) {
      for (const s of [...scanners.values()]) if (s.discovery_topic === topic) this.remove(s.discovery_key);
    },
    usesDevice,
    list: (deviceId) =>
      [...scanners.values()].filter((s) => deviceId === undefined || s.device_id === deviceId).map(info),
    stop() {
      for (const key of [...scanners.keys()]) drop(key);
    },
  };
}
