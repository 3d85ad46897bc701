/**
 * The webhook trigger (`components/webhook/trigger.py`): while armed, `POST /api/webhook/<webhook_id>` (or the
 * `allowed_methods`, default POST and PUT; `local_only` default true) fires it. The id may be a template (rendered
 * once, when the trigger is armed, with the automation's trigger variables). The `trigger` variable has
 * platform, webhook_id, json (a JSON body) or data (form fields), query, headers and description "webhook".
 */
import { createContext } from '../../core/context.js';
import type { Trigger } from '../model.js';
import { DEFAULT_METHODS } from './webhook-registry.js';
import { fireOf, type ArmFunction } from './types.js';

type WebhookTrigger = Extract<Trigger, { trigger: 'webhook' }>;

export const armWebhook: ArmFunction<WebhookTrigger> = (t, base, rt, vars, fire) => {
  if (!rt.webhooks) throw new Error('webhooks are not available here');
  const id = String(rt.templates.renderValue(t.webhook_id, vars));
  const options = { allowed_methods: t.allowed_methods ?? [...DEFAULT_METHODS], local_only: t.local_only ?? true };
  const off = rt.webhooks.register(id, options, (payload) => {
    const body = payload.json !== undefined ? { json: payload.json } : { data: payload.data ?? {} };
    const variables = { webhook_id: id, ...body, query: payload.query, headers: payload.headers };
    fire(fireOf(base, 'webhook', variables, createContext('webhook')));
  });
  return { stop: off };
};
