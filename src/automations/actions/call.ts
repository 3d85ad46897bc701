/**
 * "Perform an action": entity actions through the core command path (light.*, switch.*, cover.*,
 * homeassistant.turn_on|turn_off|toggle, …), `mqtt.publish`, `notify.*` and
 * `persistent_notification.*` (raised as alerts), `automation.*`, `script.*` (`scripts/call-script.ts`) and
 * `scene.*` (`scenes/call-scene.ts`).
 */
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { CallAction } from '../model.js';
import { expandGroups } from '../groups/groups.js';
import { HELPER_DOMAINS } from '../helpers/schema.js';
import { isRecord } from '../schema/fields.js';
import { sceneAction } from '../scenes/call-scene.js';
import { scriptAction } from '../scripts/call-script.js';
import { isTemplate } from '../templates.js';
import { prepare } from './call-prepare.js';
import type { RunState, Scope } from './types.js';

type Data = Record<string, unknown>;

const AUTOMATION_ACTIONS = new Set(['turn_on', 'turn_off', 'toggle', 'trigger']);

const flag = (v: unknown, fallback: boolean): boolean =>
  v === undefined || v === null ? fallback : v === true || ['true', 'yes', 'on', '1'].includes(String(v).toLowerCase());

function expandAll(targets: string[], domain: string, run: RunState): string[] {
  if (targets.includes('none')) return [];
  if (!targets.includes('all')) return targets;
  return run.deps.registry
    .entities()
    .filter((e) => domain === 'homeassistant' || e.domain === domain)
    .map((e) => e.entity_id);
}

async function publish(data: Data, rawData: Data, scope: Scope, run: RunState): Promise<Data> {
  if (data['evaluate_payload'] !== undefined)
    throw new ValidationError("mqtt.publish: 'evaluate_payload' is not supported");
  const topic = typeof data['topic'] === 'string' || typeof data['topic'] === 'number' ? String(data['topic']) : '';
  if (topic === '') throw new ValidationError("mqtt.publish needs a 'topic'");
  if (/[+#]/.test(topic))
    throw new ValidationError(
      `mqtt.publish: topic '${topic}' contains a wildcard ('+' or '#'); a message must go to one concrete topic`,
    );
  if (topic.includes('\u0000')) throw new ValidationError(`mqtt.publish: topic '${topic}' contains a NUL character`);
  const source = rawData['payload'] ?? rawData['payload_template'];
  let payload: string;
  if (typeof source === 'string' && isTemplate(source))
    payload = run.deps.templates.compile(source).render(scope.all());
  else if (source === undefined || source === null) payload = '';
  else payload = typeof source === 'string' ? source : JSON.stringify(source);
  const qos = Number(data['qos'] ?? 0);
  if (qos !== 0 && qos !== 1 && qos !== 2)
    throw new ValidationError(`mqtt.publish: qos must be 0, 1 or 2, got ${JSON.stringify(data['qos'])}`);
  const retain = flag(data['retain'], false);
  run.deps.index.notePublished(topic, payload, run.context);
  await run.deps.messages.publish(topic, payload, { qos, retain });
  return { mqtt: { topic, payload, qos, retain } };
}

function notify(domain: string, service: string, data: Data, targets: string[], run: RunState): Data {
  if (domain === 'persistent_notification' && service === 'dismiss') {
    const id = String(data['notification_id'] ?? '');
    const alertId = run.deps.notifications.get(id);
    if (alertId !== undefined) run.deps.alerts.acknowledge(alertId);
    run.deps.notifications.delete(id);
    return { dismissed: id, found: alertId !== undefined };
  }
  const message = data['message'];
  if (message === undefined || message === null || String(message).trim() === '')
    throw new ValidationError(`${domain}.${service} needs a 'message'`);
  const title = data['title'] !== undefined && data['title'] !== null ? String(data['title']) : undefined;
  const text = title ? `${title}: ${String(message)}` : String(message);
  const alert = run.deps.index.withAlertCause(run.context, () =>
    run.deps.alerts.raise({
      severity: 'info',
      type: 'notification',
      message: text,
      device_id: null,
      entity_id: targets[0] ?? null,
    }),
  );
  if (domain === 'persistent_notification' && data['notification_id'] !== undefined)
    run.deps.notifications.set(String(data['notification_id']), alert.id);
  return { alert: { id: alert.id, message: text, ...(targets[0] ? { entity_id: targets[0] } : {}) } };
}

async function automationAction(service: string, data: Data, targets: string[], run: RunState): Promise<Data> {
  const control = run.deps.automations;
  if (service === 'reload') {
    await control.reload();
    return { reloaded: true };
  }
  if (!AUTOMATION_ACTIONS.has(service)) throw new ValidationError(`unsupported action 'automation.${service}'`);
  if (targets.length === 0) throw new ValidationError(`automation.${service} needs a target automation`);
  const ids = targets.map((t) => {
    const id = control.resolve(t);
    if (id === undefined) throw new NotFoundError(`no automation '${t}'`);
    return id;
  });
  for (const id of ids) {
    if (service === 'trigger') {
      const variables = isRecord(data['variables']) ? data['variables'] : {};
      await control.trigger(id, {
        skip_condition: flag(data['skip_condition'], true),
        variables,
        context: run.context,
      });
    } else {
      const on = service === 'turn_on' || (service === 'toggle' && !control.isEnabled(id));
      control.setEnabled(id, on, flag(data['stop_actions'], true));
    }
  }
  return { automations: ids };
}

/**
 * `homeassistant.update_entity`: each entity's owner fetches its value again (`CommandRouter.refresh`). As in
 * Home Assistant, an entity that does not exist is reported (in the trace and the log), not an error of the run.
 */
async function updateEntities(ids: readonly string[], run: RunState): Promise<Data[]> {
  const out: Data[] = [];
  for (const entityId of ids) {
    if (!run.deps.registry.entity(entityId)) {
      run.deps.log.warn('update_entity: no such entity', { entity_id: entityId, automation: run.automationId });
      out.push({ entity_id: entityId, refreshed: false, how: 'no such entity' });
      continue;
    }
    out.push({ ...(await run.deps.commands.refresh(entityId, run.context)) });
  }
  return out;
}

/** `domain.service` on each entity through the command path; what each published. */
async function executeOn(ids: readonly string[], domain: string, service: string, data: Data, run: RunState) {
  const results: Data[] = [];
  for (const entityId of ids) {
    if (entityId.startsWith('automation.') && domain === 'homeassistant') {
      results.push({ entity_id: entityId, ...(await automationAction(service, data, [entityId], run)) });
      continue;
    }
    const result = await run.deps.commands.execute({
      domain,
      action: service,
      entity_id: entityId,
      data,
      context: run.context,
    });
    for (const p of result.published) run.deps.index.notePublished(p.topic, p.payload, run.context);
    results.push({
      entity_id: entityId,
      action: result.action,
      published: result.published,
      optimistic: result.optimistic,
    });
  }
  return results;
}

/**
 * `notify.send_message` goes to the notify entities it targets (MQTT discovery's notify platform publishes it);
 * targets Switchyard has no entity for, and the legacy `notify.<service>` actions, are raised as alerts instead,
 * which the trace says.
 */
async function sendMessage(service: string, data: Data, targets: string[], run: RunState): Promise<Data> {
  const known = service === 'send_message' ? targets.filter((t) => run.deps.registry.entity(t)) : [];
  const others = targets.filter((t) => !known.includes(t));
  const results = await executeOn(known, 'notify', service, data, run);
  if (known.length > 0 && others.length === 0) return { results };
  const fallback = notify('notify', service, data, others, run);
  const why = others.length > 0 ? `no notify entity ${others.join(', ')}` : `notify.${service} is not an entity's`;
  return { ...(results.length > 0 ? { results } : {}), ...fallback, delivered_as_alert: why };
}

/**
 * A group target stands for its members (Home Assistant expands groups in a call's targets): those of the action's
 * domain, or all of them for `homeassistant.*`. Other targets stay as they are.
 */
function withGroupMembers(ids: readonly string[], domain: string, run: RunState): readonly string[] {
  // the usual call names no group: nothing to build on the trigger→action path
  if (domain === 'group' || !ids.some((id) => id.startsWith('group.'))) return ids;
  const out = new Set<string>();
  for (const id of ids) {
    const members = id.startsWith('group.') ? expandGroups([id], run.deps.states) : [id];
    const isGroup = members.length !== 1 || members[0] !== id;
    for (const m of members) if (!isGroup || domain === 'homeassistant' || m.startsWith(`${domain}.`)) out.add(m);
  }
  return [...out];
}

/** Performs the call; returns what the trace records (targets, data, what was published). */
export async function performCall(step: CallAction, scope: Scope, run: RunState): Promise<Data> {
  const { domain, service, data, targets, rawData } = prepare(step, scope, run);
  const summary = { action: `${domain}.${service}`, ...(targets.length > 0 ? { target: targets } : {}), data };
  if (domain === 'mqtt') return { ...summary, ...(await publish(data, rawData, scope, run)) };
  if (domain === 'notify') return { ...summary, ...(await sendMessage(service, data, targets, run)) };
  if (domain === 'persistent_notification') return { ...summary, ...notify(domain, service, data, targets, run) };
  if (domain === 'automation') return { ...summary, ...(await automationAction(service, data, targets, run)) };
  if (domain === 'script') return { ...summary, ...(await scriptAction(service, data, targets, run)) };
  if (domain === 'scene') return { ...summary, ...(await sceneAction(service, data, targets, run)) };
  // `input_boolean.reload` … `timer.reload`: helpers are read with the automations folder, so it is reloaded
  if (service === 'reload' && (HELPER_DOMAINS as readonly string[]).includes(domain)) {
    await run.deps.automations.reload();
    return { ...summary, reloaded: true };
  }
  if (domain === 'group' && service === 'reload') {
    await run.deps.automations.reload();
    return { ...summary, reloaded: true };
  }
  const ids = withGroupMembers(expandAll(targets, domain, run), domain, run);
  if (domain === 'homeassistant' && service === 'update_entity')
    return { ...summary, results: await updateEntities(ids, run) };
  // a group with no member of the domain reaches nothing, as in Home Assistant
  if (ids.length === 0 && !targets.includes('none') && !targets.some((t) => t.startsWith('group.')))
    throw new ValidationError(`${domain}.${service} needs a target entity (target: entity_id)`);
  return { ...summary, results: await executeOn(ids, domain, service, data, run) };
}
