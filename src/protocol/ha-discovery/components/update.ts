/**
 * MQTT update (mqtt/update.py): installed and latest version from `state_topic` (a version, or a JSON
 * object with installed_version, latest_version, title, release_summary, release_url, entity_picture,
 * in_progress, update_percentage) and `latest_version_topic`; `update.install` publishes payload_install
 * to command_topic. The state is UpdateEntity's: unknown until both versions are known, 'on' when the
 * latest is newer than the installed one, else 'off'.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  oneOf,
  publishTopic,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import type { ActionSpec, EntityState, PlatformModule, StateUpdate } from './platform.js';
import { attachTemplates, definePlatform, publishMsg, renderValue } from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    state_topic: subscribeTopic.optional(),
    value_template: templateSchema.optional(),
    command_topic: publishTopic.optional(),
    device_class: oneOf(['firmware'] as const)
      .nullable()
      .optional(),
    display_precision: z.number().int().min(0).default(0),
    entity_picture: haString.optional(),
    latest_version_template: templateSchema.optional(),
    latest_version_topic: subscribeTopic.optional(),
    payload_install: haString.optional(),
    release_summary: haString.optional(),
    release_url: haString.optional(),
    retain: haBoolean.default(false),
    title: haString.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['value_template', 'latest_version_template']));

export type UpdateConfig = z.output<typeof schema>;

/** AwesomeVersion's question for the usual cases: dotted numbers compare as numbers, anything else differs or not. */
export function versionIsNewer(latest: string, installed: string): boolean {
  const parts = (v: string) => v.replace(/^v/i, '').split(/[.\-+]/);
  const a = parts(latest);
  const b = parts(installed);
  if (a.every((p) => /^\d+$/.test(p)) && b.every((p) => /^\d+$/.test(p))) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = Number(a[i] ?? 0);
      const y = Number(b[i] ?? 0);
      if (x !== y) return x > y;
    }
    return false;
  }
  return latest !== installed;
}

function stateOf(attributes: Readonly<Record<string, unknown>>): string {
  const installed = attributes['installed_version'];
  const latest = attributes['latest_version'];
  if (typeof installed !== 'string' || typeof latest !== 'string') return 'unknown';
  if (latest === installed) return 'off';
  return versionIsNewer(latest, installed) ? 'on' : 'off';
}

function withState(current: EntityState, attributes: Record<string, unknown>): StateUpdate | null {
  if (Object.keys(attributes).length === 0) return null;
  return { state: stateOf({ ...current.attributes, ...attributes }), attributes };
}

/** The keys a JSON state payload may set; title, summary, url and picture only when the config leaves them unset. */
const FROM_CONFIG = ['title', 'release_summary', 'release_url', 'entity_picture'] as const;

export const updatePlatform: PlatformModule<UpdateConfig> = definePlatform<UpdateConfig>({
  domain: 'update',
  schema,
  optimistic: () => false,
  attributesBlocked: [
    'installed_version',
    'latest_version',
    'in_progress',
    'update_percentage',
    'title',
    'release_summary',
    'release_url',
  ],
  initialState: (c) => ({
    state: 'unknown',
    attributes: {
      installed_version: null,
      latest_version: null,
      in_progress: false,
      update_percentage: null,
      display_precision: c.display_precision,
      title: c.title ?? null,
      release_summary: c.release_summary ?? null,
      release_url: c.release_url ?? null,
      ...(c.entity_picture !== undefined ? { entity_picture: c.entity_picture } : {}),
    },
  }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload, current) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered === '' || rendered === '{}') return null;
        let json: Record<string, unknown> = {};
        try {
          const parsed: unknown = JSON.parse(rendered);
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
            json = parsed as Record<string, unknown>;
          else json = { installed_version: rendered };
        } catch {
          json = { installed_version: rendered };
        }
        const attributes: Record<string, unknown> = {};
        for (const key of ['installed_version', 'latest_version'] as const) {
          if (key in json) attributes[key] = json[key] === null ? null : String(json[key]);
        }
        if ('in_progress' in json) attributes['in_progress'] = json['in_progress'] === true;
        if ('update_percentage' in json)
          attributes['update_percentage'] =
            typeof json['update_percentage'] === 'number' ? json['update_percentage'] : null;
        for (const key of FROM_CONFIG) if (key in json && c[key] === undefined) attributes[key] = json[key];
        return withState(current, attributes);
      },
    },
    {
      key: 'latest_version_topic',
      handle: (c, payload, current) => {
        const rendered = renderValue(c.templates.latest_version_template, payload);
        if (rendered === undefined || rendered === '') return null;
        return withState(current, { latest_version: rendered });
      },
    },
  ],
  actions: (c): Record<string, ActionSpec> =>
    c.command_topic === undefined
      ? {}
      : {
          install: {
            description: 'Install the latest version',
            params: { version: { type: 'string' }, backup: { type: 'boolean' } },
          },
        },
  command: (c) => ({
    // the actions list offers install only with a command topic
    publish: [publishMsg(c, c.command_topic as string, c.payload_install ?? '')],
    optimistic: null,
  }),
});
