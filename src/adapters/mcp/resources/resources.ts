// MCP resources: read-only views an MCP host can attach to a conversation (overview, one entity, one
// device, alerts, one automation, the automation syntax reference). Content comes from the use cases, as the tools'.
import {
  type McpServer,
  ResourceNotFoundError,
  ResourceTemplate,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { AppError } from '../../../core/errors.js';
import { getAlerts } from '../../../usecases/alerts.js';
import { getAutomation } from '../../../usecases/automations.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getDevice } from '../../../usecases/devices.js';
import { getEntity } from '../../../usecases/entities.js';
import { entityArea, entitySummary, knownAreas } from '../../../usecases/shared.js';
import { AUTOMATION_SYNTAX } from './automation-syntax.js';

const NO_AREA = '(no area)';

/** Areas → devices → entities as compact markdown: one line per entity with its state. */
export function overviewMarkdown(deps: UseCaseDeps): string {
  const entities = deps.registry.entities();
  const devices = deps.registry.devices();
  const lines: string[] = [`# Switchyard overview`, '', `${devices.length} devices, ${entities.length} entities.`, ''];
  const areaOf = (a: string | null) => a ?? NO_AREA;
  const areas = [...knownAreas(deps), NO_AREA];
  for (const area of areas) {
    const inArea = entities.filter((e) => areaOf(entityArea(deps, e)).toLowerCase() === area.toLowerCase());
    if (inArea.length === 0) continue;
    lines.push(`## ${area}`);
    const byDevice = new Map<string | null, typeof inArea>();
    for (const e of inArea) byDevice.set(e.device_id, [...(byDevice.get(e.device_id) ?? []), e]);
    const keys = [...byDevice.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
    for (const key of keys) {
      const device = key !== null ? deps.registry.device(key) : undefined;
      lines.push(key === null ? '- (no device)' : `- device \`${key}\`${device?.name ? ` — ${device.name}` : ''}`);
      for (const e of byDevice.get(key) ?? []) {
        const s = entitySummary(deps, e);
        lines.push(
          `  - \`${s.entity_id}\`${s.name ? ` (${s.name})` : ''}: ${s.state}${s.unit ? ` ${s.unit}` : ''}${s.available ? '' : ' [unavailable]'}`,
        );
      }
    }
    lines.push('');
  }
  const automations = deps.automations.list();
  if (automations.length > 0) {
    lines.push('## Automations');
    for (const a of automations) lines.push(`- \`${a.id}\` — ${a.alias}${a.enabled ? '' : ' [disabled]'}`);
  }
  return lines.join('\n');
}

const json = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});

const one = (v: string | string[] | undefined): string =>
  decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Turns the tools' "unknown …" errors into the protocol's resource-not-found error (with the same hint). */
function guard(uri: URL, fn: () => ReadResourceResult): ReadResourceResult {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError) throw new ResourceNotFoundError(`${uri.href}: ${err.message}`);
    throw err;
  }
}

export function registerResources(server: McpServer, deps: UseCaseDeps): void {
  server.registerResource(
    'overview',
    'switchyard://overview',
    {
      title: 'Home overview',
      description: 'Areas → devices → entities with their current states, and the automations. Compact markdown.',
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: overviewMarkdown(deps) }] }),
  );

  server.registerResource(
    'alerts',
    'switchyard://alerts',
    {
      title: 'Active alerts',
      description: 'Unacknowledged problems (devices gone silent, errors, unconfirmed commands), newest first.',
      mimeType: 'application/json',
    },
    (uri) => json(uri, getAlerts(deps, { active_only: true, limit: 100 })),
  );

  server.registerResource(
    'automation-syntax',
    'switchyard://docs/automation-syntax',
    {
      title: 'Automation syntax',
      description:
        'Reference of the automation YAML Switchyard supports: triggers, conditions, actions, templates, targets.',
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: AUTOMATION_SYNTAX }] }),
  );

  server.registerResource(
    'entity',
    new ResourceTemplate('switchyard://entity/{entity_id}', {
      list: undefined,
      complete: {
        entity_id: (value) =>
          deps.registry
            .entities()
            .map((e) => e.entity_id)
            .filter((id) => id.startsWith(value))
            .slice(0, 50),
      },
    }),
    {
      title: 'Entity',
      description: 'One entity: state, attributes, allowed actions, device and discovery details.',
      mimeType: 'application/json',
    },
    (uri, vars) =>
      guard(uri, () =>
        json(uri, getEntity(deps, { entity_ids: [one(vars['entity_id'])], detail: 'full' }).entities[0]),
      ),
  );

  server.registerResource(
    'device',
    new ResourceTemplate('switchyard://device/{device_id}', {
      list: undefined,
      complete: {
        device_id: (value) =>
          deps.registry
            .devices()
            .map((d) => d.id)
            .filter((id) => id.startsWith(value))
            .slice(0, 50),
      },
    }),
    {
      title: 'Device',
      description: 'One device: its record, live details and its entities with states.',
      mimeType: 'application/json',
    },
    (uri, vars) => guard(uri, () => json(uri, getDevice(deps, { device_id: one(vars['device_id']) }))),
  );

  server.registerResource(
    'automation',
    new ResourceTemplate('switchyard://automation/{id}', {
      list: () => ({
        resources: deps.automations.list().map((a) => ({
          uri: `switchyard://automation/${encodeURIComponent(a.id)}`,
          name: a.id,
          title: a.alias,
          mimeType: 'application/json',
        })),
      }),
      complete: {
        id: (value) =>
          deps.automations
            .list()
            .map((a) => a.id)
            .filter((id) => id.startsWith(value))
            .slice(0, 50),
      },
    }),
    {
      title: 'Automation',
      description: 'One automation: its configuration, the file and line it is defined at, and its status.',
      mimeType: 'application/json',
    },
    (uri, vars) => guard(uri, () => json(uri, getAutomation(deps, { id: one(vars['id']) }))),
  );
}
