/**
 * The contract every MQTT platform module fulfils: validate a discovery config (with HA's defaults),
 * turn MQTT messages into state updates, and turn actions into the MQTT publishes HA would send.
 */
import type { z } from 'zod';
import type { ActionSpec } from '../../../core/commands.js';

/** Current state of an entity as HA would show it (`state` is 'unknown' until known). */
export interface EntityState {
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * Partial update: `state` replaces the state when present; `attributes` are merged shallowly
 * (a `null` value means the attribute is set to null, as HA shows e.g. `brightness: null` when off).
 */
export interface StateUpdate {
  readonly state?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  /**
   * the keys a json_attributes message set: they replace the keys the one before set (Home Assistant replaces an
   * entity's JSON attributes whole), so attributes cannot pile up over messages
   */
  readonly jsonKeys?: readonly string[];
  /** why (part of) the message was not taken as it came (json attributes refused or cut), for the diagnostics */
  readonly problem?: string;
}

export interface MqttPublish {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

export interface CommandResult {
  /** Messages to publish, in order. */
  readonly publish: readonly MqttPublish[];
  /** Update to apply right away when the entity (or the touched attribute) is optimistic, else null. */
  readonly optimistic: StateUpdate | null;
}

// Action specs are the core's (the command path validates calls against them); re-exported for platforms.
export type { ActionSpec, ParamSpec } from '../../../core/commands.js';

/** Thrown by `command` for unknown actions, unknown/invalid data or values outside the allowed range/options. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** What a picture message (camera frame, image) did: the entity's update and the picture to keep. */
export interface BinaryResult {
  readonly update: StateUpdate | null;
  /** the new picture (bytes or URL), null to forget the last one (HA: undecodable data), absent: unchanged */
  readonly image?: { readonly bytes: Buffer | null; readonly content_type: string; readonly url: string | null } | null;
  /** why the message was not taken as it came, for the diagnostics */
  readonly problem?: string;
}

/** Topics whose payload is bytes rather than text (camera and image platforms). */
export interface BinaryTopics<C> {
  readonly topics: (c: C) => readonly string[];
  readonly handle: (c: C, topic: string, payload: Buffer, now: Date) => BinaryResult | null;
}

export interface PlatformModule<C> {
  /** Entity domain, e.g. 'light'. */
  readonly domain: string;
  /** Validates the expanded discovery config and applies HA's defaults (unknown keys are dropped). */
  readonly schema: z.ZodType<C, unknown>;
  /** Every topic the entity listens to for state and attributes (state_topic, brightness_state_topic, …). */
  readonly stateTopics: (c: C) => readonly string[];
  /** State right after discovery, before any message (HA's initial values, e.g. climate 'off' at 21 °C). */
  readonly initialState: (c: C) => EntityState;
  /** topic + payload → partial update of the entity's state and attributes, or null to ignore. */
  readonly onMessage: (c: C, topic: string, payload: string, current: EntityState) => StateUpdate | null;
  /** Allowed actions with their parameter ranges/options. */
  readonly actions: (c: C) => Record<string, ActionSpec>;
  /** action + data → publishes and optimistic update; throws CommandError for bad input. */
  readonly command: (c: C, action: string, data: Record<string, unknown>, current: EntityState) => CommandResult;
  /** Whether the entity as a whole is optimistic (HA: `optimistic: true` or no state topic). */
  readonly optimistic: (c: C) => boolean;
  /** Picture topics, read as bytes and bounded by the image limit rather than the state-payload limit. */
  readonly binary?: BinaryTopics<C>;
}

export const STATE_UNKNOWN = 'unknown';
export const STATE_ON = 'on';
export const STATE_OFF = 'off';
