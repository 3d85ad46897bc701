// What a simulated ESP32 (simulated-device.ts) is made with and what it offers.
import type { Capabilities } from '../src/protocol/esp32/index.js';
import type { ActuatorState } from './hardware.js';
import type { ReceivedRead } from './read-requests.js';

export interface SimulatedDeviceOptions {
  url: string;
  deviceId: string;
  /** the bridge_prefix; default `devices` */
  prefix?: string;
  /** sensor data period; default 5000 ms; 0 = only when tick() is called (benchmarks drive the rate) */
  intervalMs?: number;
  /** status (metrics) period; default 6 × intervalMs */
  statusIntervalMs?: number;
  firmwareVersion?: string;
  username?: string;
  password?: string;
  /** seed of the random walk; default derived from deviceId */
  seed?: number;
  /** mqtt.js reconnect period; default 1000 ms, 0 = do not reconnect */
  reconnectPeriodMs?: number;
  /** lists `sensor_read` and answers read requests; default true (false: a device of older firmware) */
  sensorRead?: boolean;
  log?: (line: string) => void;
}

export interface ReceivedCommand {
  readonly actuatorId: string;
  readonly payload: string;
  readonly requestId?: string;
  /** `ignored` while ignoreCommands is on; `duplicate` for a request_id already answered */
  readonly outcome: 'ok' | 'error' | 'ignored' | 'duplicate';
  readonly errorCode?: string;
  readonly reason?: string;
}

export interface SimulatedDeviceState {
  readonly connected: boolean;
  readonly sensors: Readonly<Record<string, number>>;
  readonly actuators: Readonly<Record<string, ActuatorState>>;
}

export interface SimulatedDevice {
  readonly deviceId: string;
  readonly capabilities: Capabilities;
  readonly state: SimulatedDeviceState;
  readonly commandsReceived: readonly ReceivedCommand[];
  readonly readsReceived: readonly ReceivedRead[];
  /** while true, valid commands are recorded but never run nor answered (to test command timeouts) */
  ignoreCommands: boolean;
  /** while true, read requests for known sensors are recorded but never answered */
  ignoreReads: boolean;
  /** connects and resolves on the first CONNACK */
  start(): Promise<void>;
  /** publishes one reading of every sensor now (QoS 0), as the interval timer does; returns how many */
  tick(): number;
  /** publishes a retained offline status, then disconnects cleanly */
  stop(): Promise<void>;
  /** drops the socket without DISCONNECT, as a power cut would: the broker publishes the Last Will */
  kill(): void;
}
