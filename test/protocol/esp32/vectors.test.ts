// Runs the shared protocol vectors (firmware/protocol/vectors/*.json) against the TypeScript codec. The
// firmware's C host tests read the same files, so a change to either end that the other does not share
// fails here or there. The layout of a vector file is described in firmware/protocol/PROTOCOL.md.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  actuatorCapabilitySchema,
  decodeBridgeMessage,
  decodeMessage,
  encodeMessage,
  MESSAGE_KINDS,
  parseBridgeTopic,
  PUBLISH_OPTIONS,
  validateCommand,
  type MessageInput,
  type MessageKind,
} from '../../../src/protocol/esp32/index.js';

const VECTORS_DIR = new URL('../../../firmware/protocol/vectors/', import.meta.url);

/** The kinds this test knows how to run, with the topic pattern each must declare. A new kind fails the run. */
const KNOWN: Record<MessageKind, string> = {
  capabilities: '{bridge_prefix}/{device_id}/capabilities',
  status: '{bridge_prefix}/{device_id}/status',
  error: '{bridge_prefix}/{device_id}/error',
  'sensor-data': '{bridge_prefix}/{device_id}/sensors/{sensor_id}/data',
  'sensor-read': '{bridge_prefix}/{device_id}/sensors/{sensor_id}/read',
  'actuator-cmd': '{bridge_prefix}/{device_id}/actuators/{actuator_id}/cmd',
  'actuator-status': '{bridge_prefix}/{device_id}/actuators/{actuator_id}/status',
};

// Exactly one of payload (any JSON value, sent as its compact JSON text), payload_raw (a string sent as
// its UTF-8 bytes) or payload_hex (the bytes in hex) per vector.
const wire = {
  payload: z.unknown().optional(),
  payload_raw: z.string().optional(),
  payload_hex: z
    .string()
    .regex(/^([0-9a-f]{2})*$/)
    .optional(),
};
const oneWire = (v: Record<string, unknown>) =>
  ['payload', 'payload_raw', 'payload_hex'].filter((k) => k in v).length === 1;
const validVector = z
  .strictObject({ name: z.string().min(1), topic: z.string(), ...wire, expect: z.unknown() })
  .refine(oneWire, 'exactly one payload field');
const invalidVector = z
  .strictObject({ name: z.string().min(1), topic: z.string(), ...wire, reason_contains: z.string().min(1) })
  .refine(oneWire, 'exactly one payload field');
const commandCheck = z.strictObject({
  name: z.string().min(1),
  actuator_id: z.string(),
  payload: z.unknown(),
  result: z.enum(['ok', 'error']),
  error_code: z.string().optional(),
  reason_contains: z.string().optional(),
});
const vectorFile = z.strictObject({
  kind: z.string(),
  topic_pattern: z.string(),
  bridge_prefix: z.string(),
  qos: z.union([z.literal(0), z.literal(1)]),
  retain: z.boolean(),
  publisher: z.enum(['device', 'switchyard']),
  valid: z.array(validVector).min(1),
  invalid: z.array(invalidVector).min(1),
  command_capabilities: z.array(z.unknown()).optional(),
  command_checks: z.array(commandCheck).optional(),
});
type Vector = z.infer<typeof validVector> | z.infer<typeof invalidVector>;

function wireBytes(v: Vector): Buffer {
  if (v.payload_raw !== undefined) return Buffer.from(v.payload_raw, 'utf8');
  if (v.payload_hex !== undefined) return Buffer.from(v.payload_hex, 'hex');
  return Buffer.from(JSON.stringify(v.payload), 'utf8');
}

function patternRegExp(pattern: string, prefix: string): RegExp {
  const parts = pattern.split(/(\{[a-z_]+\})/).map((part) => {
    if (part === '{bridge_prefix}') return prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (/^\{[a-z_]+\}$/.test(part)) return '[^/]*';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

const fileNames = readdirSync(VECTORS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const files = fileNames.map((name) => ({
  name,
  raw: JSON.parse(readFileSync(new URL(name, VECTORS_DIR), 'utf8')) as unknown,
}));

describe('the vector folder', () => {
  it('holds only JSON vector files, one per message kind, each of a kind this test knows', () => {
    expect(readdirSync(VECTORS_DIR).filter((f) => !f.endsWith('.json'))).toEqual([]);
    const kinds = files.map((f) => (f.raw as { kind?: unknown }).kind);
    for (const kind of kinds)
      expect(Object.keys(KNOWN), `unknown kind ${String(kind)}: teach this test about it`).toContain(kind);
    expect([...kinds].sort()).toEqual([...MESSAGE_KINDS].sort());
    expect(fileNames).toEqual(MESSAGE_KINDS.map((k) => `${k}.json`).sort());
    expect(fileURLToPath(VECTORS_DIR)).toMatch(/firmware[\\/]protocol[\\/]vectors[\\/]$/);
  });
});

for (const { name, raw } of files) {
  describe(name, () => {
    const parsedFile = vectorFile.safeParse(raw);
    it('has the vector file layout', () => {
      expect(parsedFile.error?.issues ?? []).toEqual([]);
    });
    if (!parsedFile.success) return;
    const file = parsedFile.data;
    const kind = file.kind as MessageKind;
    const topicRe = patternRegExp(file.topic_pattern, file.bridge_prefix);

    it('states the topic, QoS, retain flag and publisher the codec uses', () => {
      expect(Object.keys(KNOWN)).toContain(file.kind);
      expect(name).toBe(`${file.kind}.json`);
      expect(file.topic_pattern).toBe(KNOWN[kind]);
      expect({ qos: file.qos, retain: file.retain, publisher: file.publisher }).toEqual(PUBLISH_OPTIONS[kind]);
      expect(new Set([...file.valid, ...file.invalid].map((v) => v.name)).size).toBe(
        file.valid.length + file.invalid.length,
      );
    });

    it.each(file.valid.map((v) => [v.name, v] as const))('valid: %s', (_name, v) => {
      expect(v.topic).toMatch(topicRe);
      const bytes = wireBytes(v);
      const result = decodeBridgeMessage(v.topic, bytes, file.bridge_prefix);
      if (!result.ok) throw new Error(`expected a decode, got: ${result.reason}`);
      expect(result.kind).toBe(kind);
      expect(result.message).toEqual(v.expect);
      // the same bytes as a string, and without the topic
      expect(decodeMessage(kind, bytes.toString('utf8'))).toEqual({ ok: true, message: v.expect });
      // the encoder writes the normalised message back unchanged
      const { v: _version, ...body } = v.expect as Record<string, unknown>;
      const again = decodeMessage(kind, encodeMessage(kind, body as MessageInput<typeof kind>));
      expect(again).toEqual({ ok: true, message: v.expect });
    });

    it.each(file.invalid.map((v) => [v.name, v] as const))('invalid: %s', (_name, v) => {
      const topic = parseBridgeTopic(v.topic, file.bridge_prefix);
      if (topic.ok) {
        expect(topic.kind, 'a topic that parses must be of the file kind').toBe(kind);
        expect(v.topic).toMatch(topicRe);
      }
      const result = decodeBridgeMessage(v.topic, wireBytes(v), file.bridge_prefix);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(v.reason_contains);
    });

    if (file.command_checks) {
      const capabilities = z.array(actuatorCapabilitySchema).parse(file.command_capabilities);
      it.each(file.command_checks.map((c) => [c.name, c] as const))('command check: %s', (_name, c) => {
        const actuator = capabilities.find((a) => a.id === c.actuator_id);
        if (!actuator) throw new Error(`no actuator '${c.actuator_id}' in command_capabilities`);
        const decoded = decodeMessage('actuator-cmd', JSON.stringify(c.payload));
        if (!decoded.ok) throw new Error(`command check payload must decode: ${decoded.reason}`);
        const check = validateCommand(actuator, decoded.message);
        if (c.result === 'ok') {
          expect(check).toEqual({ ok: true });
        } else {
          expect(check.ok).toBe(false);
          if (!check.ok) {
            expect(check.code).toBe(c.error_code);
            expect(check.reason).toContain(c.reason_contains);
          }
        }
      });
    } else {
      it('has no command_capabilities without command_checks', () => {
        expect(file.command_capabilities).toBeUndefined();
      });
    }
  });
}
