/**
 * The numbers of the ESP32 bridge protocol (firmware/protocol/PROTOCOL.md). The firmware's C core keeps
 * the same values; the shared vectors in firmware/protocol/vectors/ check that both ends agree.
 */

/** Major protocol version carried as `v` in every payload. A different major version is rejected. */
export const PROTOCOL_VERSION = 1;

/** Default topic prefix (the `bridge_prefix` setting). */
export const DEFAULT_BRIDGE_PREFIX = 'devices';

/** Largest accepted payload, in bytes (16 KiB). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export const MAX_SENSORS = 32;
export const MAX_ACTUATORS = 32;
export const MAX_SELECT_OPTIONS = 32;

/** device_id, sensor id and actuator id: safe inside an MQTT topic level and a Home Assistant unique_id. */
export const ID_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const ID_RULE = '1 to 32 characters of a-z 0-9 _ -';

/** request_id: chosen by the sender of a command, echoed by the device. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const REQUEST_ID_RULE = '1 to 64 characters of A-Z a-z 0-9 _ . : -';

/** Sensor `type` and error `code`: short snake_case words. */
export const WORD_PATTERN = /^[a-z0-9_]{1,32}$/;
export const WORD_RULE = '1 to 32 characters of a-z 0-9 _';

export const MAX_NAME_LENGTH = 64;
export const MAX_UNIT_LENGTH = 16;
export const MAX_VERSION_LENGTH = 32;
export const MAX_OPTION_LENGTH = 32;
export const MAX_TEXT_VALUE_LENGTH = 255;
export const MAX_ERROR_MESSAGE_LENGTH = 256;

/** How long Switchyard waits for the actuator status that confirms a command before calling it timed out. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

/**
 * The `features` word a device lists in its capabilities when it answers read requests
 * (`<prefix>/<device_id>/sensors/<sensor_id>/read`). Devices without it are never sent one.
 */
export const SENSOR_READ_FEATURE = 'sensor_read';

/** At most this many words in a capabilities' `features` list. */
export const MAX_FEATURES = 32;

/** How many recent request_ids a device remembers, so a redelivered QoS 1 command is confirmed but not run twice. */
export const REMEMBERED_REQUEST_IDS = 16;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
