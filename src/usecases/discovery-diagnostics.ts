// The problems MQTT discovery met: configs and messages not acted on, with their reasons.
import { z } from 'zod';
import { DIAGNOSTIC_CODES } from '../core/ports.js';
import type { UseCaseDeps } from './deps.js';

const Code = z.enum(DIAGNOSTIC_CODES);
const Kind = z.enum(['discovery', 'template', 'state']);

export const DiscoveryDiagnosticsInput = z.object({
  kind: Kind.optional(),
  code: Code.optional().describe(
    'topic, payload, unsupported_platform, config, template, state, internal, dropped, rate_limited or attributes',
  ),
  q: z.string().max(200).optional().describe('text in the topic, reason or entity id (case-insensitive)'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
  offset: z.coerce.number().int().min(0).default(0),
});

const PerCode = z.record(z.string(), z.number().int());

/** core/ports.ts Diagnostic */
export const DiscoveryDiagnosticsOutput = z.object({
  count: z.number().int().describe('entries matching the filters (the page is diagnostics)'),
  total: z.number().int().describe('entries, unfiltered'),
  offset: z.number().int(),
  limit: z.number().int(),
  counts: z.object({
    seen: PerCode.describe('problems recorded since start, per code (rate_limited: messages dropped)'),
    current: PerCode.describe('current entries per code'),
    evicted: z.number().int().describe('entries let go past the bound (oldest first)'),
  }),
  diagnostics: z.array(
    z.object({
      topic: z.string(),
      reason: z.string(),
      time: z.string(),
      entity_id: z.string().optional().describe('the entity concerned, when the problem belongs to a known entity'),
      kind: Kind,
      code: Code,
    }),
  ),
});

/** Every discovery config or message not acted on, filtered and paginated, with counts per code. */
export function discoveryDiagnostics(
  deps: Pick<UseCaseDeps, 'discoveryDiagnostics'>,
  q: z.infer<typeof DiscoveryDiagnosticsInput>,
): z.infer<typeof DiscoveryDiagnosticsOutput> {
  const all = deps.discoveryDiagnostics?.diagnostics() ?? [];
  const text = q.q?.toLowerCase();
  const matching = all.filter(
    (d) =>
      (q.kind === undefined || d.kind === q.kind) &&
      (q.code === undefined || d.code === q.code) &&
      (text === undefined ||
        d.topic.toLowerCase().includes(text) ||
        d.reason.toLowerCase().includes(text) ||
        (d.entity_id ?? '').includes(text)),
  );
  const counts = deps.discoveryDiagnostics?.counts?.() ?? { seen: {}, current: {}, evicted: 0 };
  return {
    count: matching.length,
    total: all.length,
    offset: q.offset,
    limit: q.limit,
    counts,
    diagnostics: matching.slice(q.offset, q.offset + q.limit),
  };
}
