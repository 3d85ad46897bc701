// What the rest of the add-on sees of storage, whichever engine holds it: SQLite in the data folder (the default,
// persistence.ts) or PostgreSQL when `database_url` is set (pg/persistence.ts). Both restore the registry and
// the latest states at start, keep the database in step with the core through the bus, hold writes in memory
// while the database cannot take them (the write guard), and give the same answers to the same questions.
import type { AlertStore } from '../../core/alerts.js';
import type { AutomationTrace, TraceStore } from '../../core/automation-ports.js';
import type { LeaseStore } from '../../core/lease.js';
import type { RunJournal } from '../../automations/cluster-ports.js';
import type { BridgeDeviceStore, HistoryReader, Service } from '../../core/ports.js';
import type { HelperStateStore } from '../../automations/helpers/types.js';
import type { WriteGuard } from './write-guard.js';

export interface StorageService extends Service {
  readonly engine: 'sqlite' | 'postgres';
  /** where the data is: the SQLite file, or the PostgreSQL URL without its password */
  readonly where: string;
  readonly history: HistoryReader;
  /** the history writer's progress (runtime figures) */
  readonly recorder: { readonly written: number; readonly pending: number };
  readonly alerts: AlertStore;
  readonly bridgeDevices: BridgeDeviceStore;
  /** the automations' run traces, written behind */
  readonly traces: TraceStore & { readonly pending: number };
  /** the helpers' last states */
  readonly helperStates: HelperStateStore;
  /** whether the database can be written, and what waits in memory meanwhile (health, the other writers) */
  readonly guard: WriteGuard;
  /** whether the database answers (health) */
  ping(): boolean;
  /** runs the retention purge now; resolves to the rows removed */
  purge(): number | Promise<number>;
  /**
   * what several instances share besides the data (PostgreSQL only; docs/scale-out.md): the role leases and the
   * journal of runs in progress, the latter written as `holder`
   */
  readonly cluster?: ((holder: string) => ClusterStorage) | undefined;
}

export interface ClusterStorage {
  readonly leases: LeaseStore;
  readonly runs: RunJournal & {
    /** the runs other holders left unfinished, each as the trace made when it started; taken out of the journal */
    takeOrphans(): Promise<AutomationTrace[]>;
    close(): Promise<void>;
  };
}
