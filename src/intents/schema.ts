/**
 * The intent templates of one language (`intents/<language>.yaml`), after the device templates of the voice
 * assistant's MQTT handler donation (`../shared/seeds`: "Enhanced MQTT Donation Schema"): per kind of device the
 * actions it takes, the Home Assistant action each calls, the phrases that ask for it (hassil-style: `[optional]`,
 * `(a|b)`, `(a; b)` in any order, `{slot}`), its parameters with ranges and units, and what is said back. Around
 * them the words a language needs to resolve a command against the registry: areas, kinds of device, colours, units,
 * state words, filler words, questions about state and the answers' texts.
 *
 * Slots in phrases: `{name}` (what: an entity or device name, or a kind of device, possibly with its area),
 * `{area}`, `{state}` (questions), and every parameter of the template by its name.
 */
import { z } from 'zod';

const Words = z.array(z.string().min(1)).min(1);
const Identifier = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const ParameterSpec = z
  .object({
    /** the slot name in phrases and the placeholder in responses */
    name: Identifier,
    type: z.enum(['number', 'color', 'duration', 'choice']),
    /** the key in the action's data (default: the name) */
    data_key: z.string().min(1).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
    /** a unit id of `units` this number is spoken in (percent, celsius, …) */
    unit: z.string().min(1).optional(),
    /** choice: value sent → the words that say it */
    choices: z.record(z.string(), Words).optional(),
    required: z.boolean().default(true),
    description: z.string().default(''),
  })
  .strict();
export type ParameterSpec = z.output<typeof ParameterSpec>;

export const ActionDonation = z
  .object({
    action_type: Identifier,
    /** the Home Assistant action, `light.turn_on`; `{domain}` stands for the target's domain */
    action: z.string().regex(/^(\{domain\}|[a-z_]+)\.[a-z_]+$/, 'domain.action'),
    phrases: z.array(z.string().min(1)).min(1),
    lemmas: z.array(z.string()).default([]),
    /** the names of the template's parameters this action takes (each must appear in a phrase) */
    parameters: z.array(Identifier).default([]),
    /** fixed data sent with the action */
    data: z.record(z.string(), z.unknown()).default({}),
    /** what is said when done; `{targets}` and the parameters' names are filled in */
    response: z.string().min(1),
    boost: z.number().min(0).max(10).default(1),
    /** only targets whose device class is one of these (empty: any) */
    device_classes: z.array(z.string()).default([]),
    /**
     * said with no name, the action means every target of the template's kinds in the area said or where the speaker
     * is ("make it brighter in the living room"), rather than a question which one
     */
    whole_area: z.boolean().default(false),
  })
  .strict();
export type ActionDonation = z.output<typeof ActionDonation>;

export const DeviceTemplate = z
  .object({
    template_name: Identifier,
    /** entity domains the template controls */
    device_types: z.array(z.string().min(1)).min(1),
    device_classes: z.array(z.string()).default([]),
    method_prefix: Identifier,
    intent_prefix: Identifier,
    description_template: z.string().default('Control {device_name} in {room_name}'),
    parameters: z.array(ParameterSpec).default([]),
    action_donations: z.array(ActionDonation).min(1),
  })
  .strict();
export type DeviceTemplate = z.output<typeof DeviceTemplate>;

export const Question = z
  .object({
    /** `state`: say the state; `is_state`: yes or no for `{state}`; `value`: a sensor's value with its unit */
    question_type: z.enum(['state', 'is_state', 'value']),
    device_types: z.array(z.string()).default([]),
    device_classes: z.array(z.string()).default([]),
    /** is_state without a `{state}` slot: the state asked about, per domain ("is there motion" → binary_sensor on) */
    states: z.record(z.string(), z.string()).optional(),
    phrases: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Question = z.output<typeof Question>;

export const Responses = z
  .object({
    ambiguous: z.string(),
    unknown_device: z.string(),
    unknown_area: z.string(),
    out_of_range: z.string(),
    not_supported: z.string(),
    missing_value: z.string(),
    failed: z.string(),
    state: z.string(),
    value: z.string(),
    yes: z.string(),
    no: z.string(),
    /** one option in `ambiguous`'s `{options}` ("the {name}") */
    option: z.string().default('{name}'),
    and: z.string(),
    or: z.string(),
    /** `{targets}` for more than this many targets: "{count} devices" */
    many: z.string(),
  })
  .strict();
export type Responses = z.output<typeof Responses>;

export const IntentFile = z
  .object({
    language: z.string().min(2),
    /** words dropped from what was said and from phrases before matching */
    skip_words: z.array(z.string()).default([]),
    /** words that name a kind of device; `plural` ones mean every such device in the area */
    device_words: z
      .array(
        z
          .object({
            words: Words,
            domains: z.array(z.string()).default([]),
            device_classes: z.array(z.string()).default([]),
            plural: z.boolean().default(false),
            /** what to call one of them in a question ("which light: …") */
            noun: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** words that may stand before an area inside a name ("the ceiling light in the kitchen") */
    area_prepositions: z.array(z.string().min(1)).default([]),
    /** other names of areas: the area as the registry spells it → names (forms) people say */
    areas: z.array(z.object({ area: z.string().min(1), names: Words }).strict()).default([]),
    colors: z
      .array(z.object({ names: Words, rgb: z.tuple([z.number().int(), z.number().int(), z.number().int()]) }).strict())
      .default([]),
    /** unit ids: percent, celsius, seconds, minutes, hours → the words that say them */
    units: z.record(z.string(), Words).default({}),
    /** words that name a state in a question: word → state per domain (or `domain:device_class`) */
    state_words: z.array(z.object({ words: Words, states: z.record(z.string(), z.string()) }).strict()).default([]),
    /** how a state is spoken: `state`, `domain:state` or `device_class:state` → words */
    state_names: z.record(z.string(), z.string()).default({}),
    templates: z.array(DeviceTemplate).default([]),
    questions: z.array(Question).default([]),
    responses: Responses,
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.templates.forEach((t, i) => {
      if (seen.has(t.template_name))
        ctx.addIssue({
          code: 'custom',
          path: ['templates', i, 'template_name'],
          message: 'template_name must be unique',
        });
      seen.add(t.template_name);
      const params = new Set(t.parameters.map((p) => p.name));
      t.action_donations.forEach((a, j) => {
        a.parameters.forEach((p, k) => {
          if (!params.has(p))
            ctx.addIssue({
              code: 'custom',
              path: ['templates', i, 'action_donations', j, 'parameters', k],
              message: `'${p}' is not a parameter of template '${t.template_name}'`,
            });
        });
        a.phrases.forEach((phrase, k) => {
          for (const [, slot] of phrase.matchAll(/\{([^}]*)\}/g)) {
            if (slot === 'name' || slot === 'area' || (slot !== undefined && a.parameters.includes(slot))) continue;
            ctx.addIssue({
              code: 'custom',
              path: ['templates', i, 'action_donations', j, 'phrases', k],
              message: `unknown slot {${slot}}: use {name}, {area} or one of this action's parameters`,
            });
          }
        });
      });
    });
  });
export type IntentFile = z.output<typeof IntentFile>;
export type IntentFileInput = z.input<typeof IntentFile>;
