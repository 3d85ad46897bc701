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
}

export type AlertInput = Omit<Alert, 'id' | 'time' | 'acknowledged_at'>;

export interface AlertQuery {
  device_id?: string;
  /** only alerts not acknowledged yet */
  active?: boolean;
  limit?: number;
}

/** Where alerts are kept (the storage adapter implements it in SQLite). */
export interface AlertStore {
  raise(alert: AlertInput): Alert;
  list(query?: AlertQuery): Alert[];
  acknowledge(id: number): Alert | undefined;
}
