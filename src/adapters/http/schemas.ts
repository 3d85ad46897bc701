// Response shapes shared by several route groups (devices and entities show each other). They mirror the core
// types the use cases return; test/adapters/http/response-schemas.test.ts checks real answers against them.
import { z } from 'zod';

/** A device from the registry (core/model.ts Device). */
export const DeviceSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  identifiers: z.array(z.string()),
  connections: z.array(z.tuple([z.string(), z.string()])).describe('pairs like ["mac", "02:5b:26:a8:dc:12"]'),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  model_id: z.string().nullable(),
  sw_version: z.string().nullable(),
  hw_version: z.string().nullable(),
  serial_number: z.string().nullable(),
  configuration_url: z.string().nullable(),
  via_device_id: z.string().nullable(),
  area: z.string().nullable(),
  source: z.string().describe("where the device came from, e.g. 'mqtt_discovery' or 'esp32'"),
});

const required = z.boolean().optional();

/** One parameter of an action (core/commands.ts ParamSpec); numbers are inclusive ranges. */
const ParamSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().optional(),
    integer: z.boolean().optional(),
    unit: z.string().optional(),
    required,
  }),
  z.object({ type: z.literal('string'), options: z.array(z.string()).optional(), required }),
  z.object({
    type: z
      .enum(['boolean', 'rgb', 'hs', 'hex', 'json'])
      .describe('rgb: [r, g, b] 0–255; hs: [hue 0–360, saturation 0–100]; hex: "#rrggbb"; json: any JSON value'),
    required,
  }),
]);

/** The actions an entity accepts, by name (core/commands.ts AllowedActions). */
export const AllowedActionsSchema = z.record(
  z.string(),
  z.object({ description: z.string(), params: z.record(z.string(), ParamSpecSchema) }),
);
