// The corpus (test/fixtures/templates/corpus.json: templates from Zigbee2MQTT, Shelly, Tasmota, rtl_433,
// OpenMQTTGateway and Home Assistant's docs, each with the inputs it meets) rendered by the interpreter and by
// Home Assistant's environment rebuilt on Jinja2 (test/helpers/ha_jinja_reference.py), on the same frozen clock.
// A render agrees when both give the same text, or both fail with the same kind of error (Jinja's own, after
// which an MQTT value template keeps its payload, or Python's). Every render that does not agree is listed
// in KNOWN_DIFFERENCES with its reason; an unlisted difference fails, and so does a listed one that agrees.
// CORPUS_DUMP=<file> writes the unlisted differences there as JSON, to read them whole.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, parseJson, payloadVariables, TemplateError } from '../../../src/protocol/template/index.js';
import { DATETIME_METHODS } from '../../../src/protocol/template/datetime-value.js';
import { timeFunctions, TIME_FUNCTIONS } from '../../../src/protocol/template/ha-time.js';
import {
  jinja2Available,
  jinja2Required,
  renderWithHomeAssistant,
  type HaReferenceResult,
} from '../../helpers/jinja2.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/templates/corpus.json', import.meta.url));
/** the instant now() returns on both sides, and Home Assistant's time zone */
const NOW = '2025-06-14T09:26:53.417+00:00';
const TIME_ZONE = 'Europe/Berlin';

interface Entry {
  readonly template: string;
  readonly source: string;
  readonly kind: 'value' | 'command';
  readonly vars: readonly Record<string, unknown>[];
}

/** A render that differs from Home Assistant's, on purpose or for a reason stated here. */
interface KnownDifference {
  readonly template: string;
  /** index of the variable set in the entry */
  readonly set: number;
  readonly reason: string;
}

const KNOWN_DIFFERENCES: readonly KnownDifference[] = [];

/** The corpus read with the interpreter's own JSON reader, so 21.0 stays a float and big integers stay exact. */
function loadCorpus(): Entry[] {
  const corpus = parseJson(readFileSync(CORPUS, 'utf8')) as { entries: Entry[] };
  return corpus.entries;
}

type Outcome = { ok: true; output: string } | { ok: false; error: string; jinja: boolean };

const OPTIONS = { globals: TIME_FUNCTIONS, methods: DATETIME_METHODS };

function renderOurs(entry: Entry, vars: Record<string, unknown>, clock: Record<string, unknown>): Outcome {
  try {
    const template = compileTemplate(entry.template, OPTIONS);
    const { value, ...rest } = vars;
    const variables = entry.kind === 'value' ? payloadVariables(value as string, rest) : vars;
    return { ok: true, output: template.render({ ...clock, ...variables }) };
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return { ok: false, error: err.message, jinja: err.jinja };
  }
}

function agrees(ours: Outcome, reference: HaReferenceResult): boolean {
  if (reference.ok) return ours.ok && ours.output === reference.output;
  return !ours.ok && ours.jinja === reference.jinja;
}

const describeIf = describe.skipIf(!jinja2Available && !jinja2Required);

describeIf('the template corpus against Home Assistant on Jinja2', () => {
  const savedZone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = TIME_ZONE;
  });
  afterAll(() => {
    if (savedZone === undefined) delete process.env.TZ;
    else process.env.TZ = savedZone;
  });

  it('renders as Home Assistant renders, but for the listed differences', () => {
    const entries = loadCorpus();
    const reference = renderWithHomeAssistant({ now: NOW, tz: TIME_ZONE, corpus: CORPUS });
    const clock = timeFunctions(() => Date.parse(NOW));
    const differences: (KnownDifference & { ours: Outcome; homeAssistant: HaReferenceResult })[] = [];
    let renders = 0;
    for (const entry of entries) {
      entry.vars.forEach((vars, set) => {
        const want = reference[renders++];
        if (want === undefined) throw new Error('the reference rendered fewer cases than the corpus has');
        const ours = renderOurs(entry, vars, clock);
        if (agrees(ours, want)) return;
        differences.push({ template: entry.template, set, reason: '', ours, homeAssistant: want });
      });
    }
    expect(reference).toHaveLength(renders);

    const key = (d: { template: string; set: number }): string => `${d.set} ${d.template}`;
    const listed = new Map(KNOWN_DIFFERENCES.map((d) => [key(d), d]));
    const unexplained = differences.filter((d) => !listed.has(key(d)));
    const found = new Set(differences.map(key));
    const nowAgreeing = KNOWN_DIFFERENCES.filter((d) => !found.has(key(d)));
    if (process.env.CORPUS_DUMP) writeFileSync(process.env.CORPUS_DUMP, JSON.stringify(unexplained, null, 1));
    expect(unexplained).toEqual([]);
    expect(nowAgreeing).toEqual([]);
    // the corpus is what the acceptance asked for, and the agreement is at least 99.5 %
    expect(entries.length).toBeGreaterThanOrEqual(300);
    expect((renders - differences.length) / renders).toBeGreaterThanOrEqual(0.995);
    // the reference itself: most renders succeed, some fail either way
    expect(reference.filter((r) => !r.ok && r.jinja).length).toBeGreaterThan(10);
    expect(reference.filter((r) => !r.ok && !r.jinja).length).toBeGreaterThan(10);
  });
});
