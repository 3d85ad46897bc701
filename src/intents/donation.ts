/**
 * The handler donation of the voice assistant's MQTT intent handler (`../shared/seeds`, "Enhanced MQTT Donation
 * Schema"): the device templates of every language's file (parameters, action donations with their phrases and
 * lemmas), and the methods they generate for the devices in the registry now — one per entity and action it
 * supports, named `<method_prefix>_<action_type>_<device>`, with its phrases said with the device's name and room and
 * its parameters with the device's own ranges.
 */
import type { CommandRouter } from '../core/commands.js';
import type { HomeIndex, Target } from './home-index.js';
import type { Lexicon } from './lexicon.js';
import { renderPhrase } from './phrase.js';
import type { DeviceTemplate, ParameterSpec } from './schema.js';

export interface DonationParameter {
  readonly name: string;
  readonly type: 'integer' | 'float' | 'string' | 'choice' | 'array';
  readonly required: boolean;
  readonly description: string;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly choices?: readonly string[];
  readonly unit?: string;
}

const safe = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_|_$/g, '');

function parameter(p: ParameterSpec, range?: { min?: number; max?: number; unit?: string }): DonationParameter {
  const type = p.type === 'number' ? 'float' : p.type === 'color' ? 'array' : p.type === 'choice' ? 'choice' : 'string';
  const min = range?.min ?? p.min_value;
  const max = range?.max ?? p.max_value;
  return {
    name: p.data_key ?? p.name,
    type,
    required: p.required,
    description: p.description,
    ...(min !== undefined ? { min_value: min } : {}),
    ...(max !== undefined ? { max_value: max } : {}),
    ...(p.choices ? { choices: Object.keys(p.choices) } : {}),
    ...(range?.unit ? { unit: range.unit } : p.unit ? { unit: p.unit } : {}),
  };
}

/** The donation's templates: each template name once, the phrases and lemmas of every language together. */
function templates(lexicons: readonly Lexicon[]): Record<string, unknown>[] {
  const byName = new Map<
    string,
    { template: DeviceTemplate; actions: Map<string, { phrases: string[]; lemmas: string[] }> }
  >();
  for (const lexicon of lexicons)
    for (const template of lexicon.file.templates) {
      let entry = byName.get(template.template_name);
      if (!entry) {
        entry = { template, actions: new Map() };
        byName.set(template.template_name, entry);
      }
      for (const a of template.action_donations) {
        const acc = entry.actions.get(a.action_type) ?? { phrases: [], lemmas: [] };
        acc.phrases.push(...a.phrases);
        acc.lemmas.push(...a.lemmas);
        entry.actions.set(a.action_type, acc);
      }
    }
  return [...byName.values()].map(({ template, actions }) => ({
    template_name: template.template_name,
    device_types: template.device_types,
    device_classes: template.device_classes,
    generated_method_metadata: {
      method_prefix: template.method_prefix,
      intent_prefix: template.intent_prefix,
      description_template: template.description_template,
      parameters: template.parameters.map((p) => parameter(p)),
    },
    action_donations: template.action_donations.map((a) => ({
      action_type: a.action_type,
      intent_suffix_template: `${a.action_type}.{room_name}`,
      phrases: [...new Set(actions.get(a.action_type)?.phrases ?? a.phrases)],
      lemmas: [...new Set(actions.get(a.action_type)?.lemmas ?? a.lemmas)],
      command_payload: { action: a.action, data: a.data },
      boost: a.boost,
      conditions: {
        device_supports: [a.action.split('.')[1] as string, ...a.parameters],
        device_classes: a.device_classes,
        room_required: false,
        device_name_required: false,
      },
    })),
  }));
}

/** The methods generated for the targets of one language's index. */
function methods(lexicons: readonly Lexicon[], index: HomeIndex, commands: CommandRouter): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const primary = lexicons[0];
  if (!primary) return out;
  for (const target of index.targets)
    for (const template of primary.file.templates) {
      if (!template.device_types.includes(target.domain)) continue;
      if (template.device_classes.length > 0 && !template.device_classes.includes(target.deviceClass ?? '')) continue;
      let allowed: ReturnType<CommandRouter['allowedActions']>;
      try {
        allowed = commands.allowedActions(target.entity_id);
      } catch {
        continue;
      }
      for (const a of template.action_donations) {
        const spec = allowed[a.action.split('.')[1] as string];
        const params = a.parameters.map((n) => template.parameters.find((p) => p.name === n) as ParameterSpec);
        if (!spec || params.some((p) => spec.params[p.data_key ?? p.name] === undefined)) continue;
        out.push(method(lexicons, target, template, a.action_type, params, spec.params));
      }
    }
  return out;
}

function method(
  lexicons: readonly Lexicon[],
  target: Target,
  template: DeviceTemplate,
  actionType: string,
  params: readonly ParameterSpec[],
  specs: ReturnType<CommandRouter['allowedActions']>[string]['params'],
): Record<string, unknown> {
  const room = target.area ?? '';
  const fill = (slot: string) => (slot === 'name' ? target.name : slot === 'area' && room ? room : undefined);
  const phrases: Record<string, string[]> = {};
  const lemmas = new Set<string>();
  for (const lexicon of lexicons) {
    const t = lexicon.file.templates.find((x) => x.template_name === template.template_name);
    const a = t?.action_donations.find((x) => x.action_type === actionType);
    if (!a) continue;
    phrases[lexicon.language] = [...new Set(a.phrases.map((p) => renderPhrase(p, fill)))];
    for (const l of a.lemmas) lemmas.add(l);
  }
  const action = template.action_donations.find((x) => x.action_type === actionType);
  return {
    method_name: `${template.method_prefix}_${actionType}_${safe(target.name)}`,
    intent: `${template.intent_prefix}.${actionType}${room ? `.${safe(room)}` : ''}`,
    template_name: template.template_name,
    action_type: actionType,
    description: template.description_template.replace('{device_name}', target.name).replace('{room_name}', room),
    entity_id: target.entity_id,
    device_name: target.name,
    room_name: target.area,
    action: action?.action.replace('{domain}', target.domain),
    phrases,
    lemmas: [...lemmas, ...target.name.toLowerCase().split(/\s+/)],
    parameters: params.map((p) => {
      const s = specs[p.data_key ?? p.name];
      return parameter(p, s?.type === 'number' ? { min: s.min, max: s.max, unit: s.unit } : undefined);
    }),
  };
}

export function buildDonation(
  lexicons: readonly Lexicon[],
  index: HomeIndex | undefined,
  commands: CommandRouter,
): Record<string, unknown> {
  const generated = index ? methods(lexicons, index, commands) : [];
  return {
    schema_version: '1.0',
    handler_domain: 'mqtt',
    handler_type: 'dynamic_generator',
    description: `Switchyard: spoken commands for ${index?.targets.length ?? 0} entities, generated from the discovered devices`,
    languages: lexicons.map((l) => l.language),
    device_templates: templates(lexicons),
    generated_methods: generated,
    generated_method_count: generated.length,
  };
}
