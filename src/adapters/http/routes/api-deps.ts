import type { AlertStore } from '../../../core/alerts.js';
import type { Clock } from '../../../core/clock.js';
import type { CommandRouter } from '../../../core/commands.js';
import type { LatestImage } from '../../../core/images.js';
import type { DiagnosticsSource, HistoryReader } from '../../../core/ports.js';
import type { Registry } from '../../../core/registry.js';
import type { StateStore } from '../../../core/state-store.js';

/** What GET /api/devices/{id} adds for a device whose owner tracks it live (the ESP32 bridge). */
export type DeviceLiveDetails = {
  online: boolean;
  last_seen: string | null;
  metrics: Record<string, unknown>;
  counters: Record<string, number>;
};

/** What the read/control routes need from the core, passed in by app.ts. */
export interface ApiDeps {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  history: HistoryReader;
  diagnostics: DiagnosticsSource;
  clock: Clock;
  alerts: AlertStore;
  /** removes a device Switchyard owns (and everything it announced); throws for devices it cannot remove */
  removeDevice(id: string): Promise<void>;
  /** extra live facts about a device (online, metrics, counters) when its owner has them */
  deviceDetails(id: string): DeviceLiveDetails | undefined;
  /** the latest picture of a camera or image entity */
  image(entityId: string): LatestImage | undefined;
  /** the topics of the tag scanners a device announced (`tag` discovery configs) */
  tagScanners(deviceId: string): { topic: string }[];
}
