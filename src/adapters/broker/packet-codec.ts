// How the embedded broker writes a packet into its durable store: a 4-byte length, the packet's fields
// as JSON, then the payload bytes as they are (no base64 for the large retained payloads cameras send).
import type { StoredPacket } from 'aedes-persistence/asyncPersistence.js';

interface Meta {
  [field: string]: unknown;
  /** the packet had no payload (a PUBREL waiting in a queue) */
  noPayload?: true;
}

export function encodePacket(packet: Partial<StoredPacket>): Uint8Array {
  const meta: Meta = {};
  for (const [field, value] of Object.entries(packet)) {
    // functions (a queued packet's write callback) and the payload do not go into the JSON
    if (field !== 'payload' && typeof value !== 'function' && value !== undefined) meta[field] = value;
  }
  const raw = packet.payload as unknown;
  const payload = raw === undefined || raw === null ? undefined : Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  if (payload === undefined) meta.noPayload = true;
  const json = Buffer.from(JSON.stringify(meta));
  const out = Buffer.allocUnsafe(4 + json.length + (payload?.length ?? 0));
  out.writeUInt32BE(json.length, 0);
  json.copy(out, 4);
  payload?.copy(out, 4 + json.length);
  return out;
}

export function decodePacket(bytes: Uint8Array): StoredPacket {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = buf.readUInt32BE(0);
  const meta = JSON.parse(buf.toString('utf8', 4, 4 + length)) as Meta;
  const { noPayload, ...fields } = meta;
  if (noPayload) return fields as StoredPacket;
  // a copy: the row's buffer belongs to the database driver
  return { ...fields, payload: Buffer.from(buf.subarray(4 + length)) } as StoredPacket;
}
