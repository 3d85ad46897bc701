/** Something a person should know about: a device gone silent, a device's own error, a command never confirmed. */
export interface Alert {
  readonly id: number;
  readonly time: string;
  readonly severity: 'info' | 'warning' | 'error' | 'critical';
  /** machine-readable: device_timeout, device_error, command_timeout, command_failed, … */
  readonly type: string;
  readonly message: string;
  readonly device_id: string | null;
  readonly entity_id: string | null;
  readonly acknowledged_at: string | null;
  /** raised again this many times while it was active (deduplicated: one alert per type, device and entity) */
  readonly repeats: number;
  /** when it was last raised again (its message is the latest one), null if never */
  readonly last_time: string | null;
}

export type AlertInput = Omit<Alert, 'id' | 'time' | 'acknowledged_at' | 'repeats' | 'last_time'>;

export interface AlertQuery {
  device_id?: string;
  /** only alerts not acknowledged yet */
  active?: boolean;
  limit?: number;
}

/** Where alerts are kept (the storage adapter implements it in SQLite). */
export interface AlertStore {
  /**
   * Raises an alert; while one of the same type, device and entity is active (not acknowledged), that one is
   * counted again (`repeats`, `last_time`, the new message) and returned instead.
   */
  raise(alert: AlertInput): Alert;
  list(query?: AlertQuery): Alert[];
  acknowledge(id: number): Alert | undefined;
}
