// The voice assistant's handler donation (`GET /api/intents/donation`): the device templates of the intent files
// and the methods they generate for the devices in the registry now, in the seed's "Enhanced MQTT Donation Schema"
// (schema_version, handler_domain, handler_type dynamic_generator, device_templates with generated_method_metadata
// and action_donations, generated_methods). Built by the intent engine once per registry change.
import { z } from 'zod';
import { NotFoundError } from '../core/errors.js';

/** What the use case reaches the intent engine through. */
export interface IntentDonor {
  donation(): Record<string, unknown>;
}

export interface IntentDonationDeps {
  readonly intents?: IntentDonor | undefined;
}

const Parameter = z
  .object({ name: z.string(), type: z.string(), required: z.boolean(), description: z.string() })
  .passthrough();

export const IntentDonationOutput = z
  .object({
    schema_version: z.string(),
    handler_domain: z.string(),
    handler_type: z.enum(['dynamic_generator', 'static', 'hybrid']),
    description: z.string(),
    languages: z.array(z.string()),
    device_templates: z.array(
      z
        .object({
          template_name: z.string(),
          device_types: z.array(z.string()),
          device_classes: z.array(z.string()),
          generated_method_metadata: z
            .object({ method_prefix: z.string(), intent_prefix: z.string(), parameters: z.array(Parameter) })
            .passthrough(),
          action_donations: z.array(
            z
              .object({ action_type: z.string(), phrases: z.array(z.string()), lemmas: z.array(z.string()) })
              .passthrough(),
          ),
        })
        .passthrough(),
    ),
    generated_methods: z.array(
      z
        .object({
          method_name: z.string(),
          template_name: z.string(),
          action_type: z.string(),
          entity_id: z.string(),
          phrases: z.record(z.string(), z.array(z.string())),
          parameters: z.array(Parameter),
        })
        .passthrough(),
    ),
    generated_method_count: z.number().int(),
  })
  .passthrough();

export type IntentDonation = z.output<typeof IntentDonationOutput>;

export function intentDonation(deps: IntentDonationDeps): IntentDonation {
  if (!deps.intents) throw new NotFoundError('spoken commands are not available: no intent templates were loaded');
  return deps.intents.donation() as IntentDonation;
}
