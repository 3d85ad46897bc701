/**
 * A `tag` discovery config (mqtt/tag.py DISCOVERY_SCHEMA): a tag scanner, not an entity. A message on
 * `topic` — or what `value_template` renders of it, stripped — is the id of the tag just scanned; an empty
 * result is ignored. The device is optional.
 */
import { z } from 'zod';
import { deviceSchema, formatIssues, haString, qosSchema, subscribeTopic, type DeviceInfo } from './common-schema.js';
import { compileCached, parseWithTemplates } from './components/config-templates.js';
import type { TemplateCache } from './components/template-cache.js';
import { payloadVariables, type CompiledTemplate } from '../template/index.js';

const schema = z.looseObject({
  device: deviceSchema.optional(),
  topic: subscribeTopic,
  value_template: haString.optional(),
  qos: qosSchema.default(0),
  encoding: haString.default('utf-8'),
});

export interface TagScannerConfig {
  readonly device: DeviceInfo | undefined;
  readonly topic: string;
  readonly qos: 0 | 1 | 2;
  readonly template: CompiledTemplate | undefined;
}

/** Validates a tag scanner config; its template is compiled through `templates` (afresh without one). */
export function parseTagConfig(
  config: Record<string, unknown>,
  templates?: TemplateCache,
): { ok: true; config: TagScannerConfig } | { ok: false; reason: string } {
  const result = schema.safeParse(config);
  if (!result.success) return { ok: false, reason: `tag config is invalid: ${formatIssues(result.error.issues)}` };
  const c = result.data;
  let template: CompiledTemplate | undefined;
  try {
    const source = c.value_template;
    template = source === undefined ? undefined : parseWithTemplates(templates, () => compileCached(source));
  } catch (err) {
    return { ok: false, reason: `tag config is invalid: value_template cannot be used: ${(err as Error).message}` };
  }
  return { ok: true, config: { device: c.device, topic: c.topic, qos: c.qos as 0 | 1 | 2, template } };
}

/** The tag id a message names ('' when it names none), or the template's failure. */
export function scannedTagId(config: TagScannerConfig, payload: string): { id: string } | { error: string } {
  if (config.template === undefined) return { id: payload.trim() };
  try {
    return { id: config.template.render(payloadVariables(payload)).trim() };
  } catch (err) {
    return { error: `value_template '${config.template.source}' failed: ${(err as Error).message}` };
  }
}
