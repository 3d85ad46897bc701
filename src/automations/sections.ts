/**
 * What a file in the automations folder may hold besides automations, as Home Assistant's configuration.yaml
 * (and its packages) does: helpers (`input_boolean:` … `timer:`), `script:`, `scene:`, `zone:` and (old-style)
 * `group:` sections. A file named `scripts.yaml` holds scripts and one named `scenes.yaml` scenes, as Home
 * Assistant's own `script: !include scripts.yaml` and `scene: !include scenes.yaml` do. The loader validates each definition with
 * its section's schema (problems at file:line:col) and hands the valid ones to the parts that run them.
 */
import type { z } from 'zod';
import { groupSchema } from './groups/schema.js';
import { HELPER_DOMAINS, HELPER_SCHEMAS } from './helpers/schema.js';
import { sceneSchema } from './scenes/schema.js';
import { scriptSchema } from './scripts/schema.js';
import { zoneSchema } from './zones/schema.js';

export const SECTION_KEYS = [...HELPER_DOMAINS, 'script', 'scene', 'zone', 'group'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

const SCHEMAS = {
  ...HELPER_SCHEMAS,
  script: scriptSchema,
  scene: sceneSchema,
  zone: zoneSchema,
  group: groupSchema,
} as const;
export type SectionConfig<K extends SectionKey> = z.output<(typeof SCHEMAS)[K]>;

export interface SectionSpec {
  /** `map`: object ids are the keys (`script: {wake_up: …}`); `list`: items name themselves (`scene: [{name: …}]`) */
  readonly shape: 'map' | 'list';
  readonly schema: z.ZodType<unknown, unknown>;
}

export const SECTIONS: Readonly<Record<SectionKey, SectionSpec>> = Object.fromEntries(
  SECTION_KEYS.map((key): [SectionKey, SectionSpec] => [
    key,
    { shape: key === 'scene' || key === 'zone' ? 'list' : 'map', schema: SCHEMAS[key] as z.ZodType<unknown, unknown> },
  ]),
) as unknown as Record<SectionKey, SectionSpec>;

export const isSectionKey = (key: string): key is SectionKey => (SECTION_KEYS as readonly string[]).includes(key);

/** Home Assistant's `slugify` for object ids made from names (`Movie night` → `movie_night`). */
export const slugify = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** The object id of a list item: a scene's `name` (its `id` is its unique id), a zone's `name`. */
export function listItemObjectId(config: { name?: unknown }): string {
  return slugify(typeof config.name === 'string' ? config.name : '') || 'unnamed';
}

/** One valid definition from a section, where it is written. */
export interface LoadedDefinition<K extends SectionKey = SectionKey> {
  readonly section: K;
  /** the object id: `input_boolean.<id>`, `script.<id>`, `scene.<id>`, `zone.<id>` */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** sha256 (hex) of its YAML text */
  readonly source_hash: string;
  readonly config: SectionConfig<K>;
}

/** The definitions of one section, typed. */
export function definitionsOf<K extends SectionKey>(
  all: readonly LoadedDefinition[] | undefined,
  section: K,
): LoadedDefinition<K>[] {
  return (all ?? []).filter((d): d is LoadedDefinition<K> => d.section === section);
}
