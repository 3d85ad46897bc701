// The bounds on a json_attributes message (issue 21): Home Assistant's refusals (not JSON, not an object), the
// depth its JSON writer can take, and the size its recorder stores, measured as Home Assistant measures it.
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTRIBUTES_BYTES,
  MAX_ATTRIBUTES_DEPTH,
  readJsonAttributes,
} from '../../../../src/protocol/ha-discovery/components/json-attributes.js';

const none = new Set<string>();
const nested = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{"leaf":1}${'}'.repeat(depth - 1)}`;

describe('json attributes bounds', () => {
  it('takes an object as it is, without the blocked names', () => {
    expect(readJsonAttributes('{ "val": "100", "icon": "mdi:x" }', new Set(['icon']))).toEqual({
      ok: true,
      attributes: { val: '100' },
    });
  });

  it('refuses what Home Assistant refuses, with its words', () => {
    const bad = readJsonAttributes('This is not JSON', none);
    expect(bad).toMatchObject({ ok: false, problem: expect.stringContaining('"Erroneous JSON"') });
    const list = readJsonAttributes('[ "list", "of", "things"]', none);
    expect(list).toMatchObject({ ok: false, problem: expect.stringContaining('JSON result was not a dictionary') });
  });

  it(`takes ${MAX_ATTRIBUTES_DEPTH} levels of nesting and refuses one more, brackets inside strings not counted`, () => {
    expect(readJsonAttributes(nested(MAX_ATTRIBUTES_DEPTH), none).ok).toBe(true);
    const deep = readJsonAttributes(nested(MAX_ATTRIBUTES_DEPTH + 1), none);
    expect(deep).toMatchObject({ ok: false, problem: expect.stringMatching(/nested deeper than 255 levels/) });
    const brackets = JSON.stringify({ text: `${'['.repeat(1_000)}\\"{{{`, n: 1 });
    expect(readJsonAttributes(brackets, none)).toMatchObject({ ok: true, attributes: { n: 1 } });
    // a deep array in 256 KiB (JSON.stringify would overflow V8's stack on it later)
    const huge = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(readJsonAttributes(huge, none).ok).toBe(false);
  });

  it(`keeps an object up to ${MAX_ATTRIBUTES_BYTES} bytes of JSON whole and cuts a larger one to the keys that fit`, () => {
    // exactly at the limit: {"k":"xxx…"} of 16,384 bytes
    const fits = JSON.stringify({ k: 'x'.repeat(MAX_ATTRIBUTES_BYTES - 8) });
    expect(Buffer.byteLength(fits)).toBe(MAX_ATTRIBUTES_BYTES);
    expect(readJsonAttributes(fits, none)).toEqual({ ok: true, attributes: JSON.parse(fits) });
    // thousands of keys: the first ones that fit are kept, in order
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`key_${i}`, i]));
    const cut = readJsonAttributes(JSON.stringify(many), none);
    if (!cut.ok) throw new Error('expected a cut');
    const kept = Object.keys(cut.attributes);
    expect(kept.length).toBeGreaterThan(1_000);
    expect(kept.length).toBeLessThan(5_000);
    expect(kept).toEqual(Object.keys(many).slice(0, kept.length));
    expect(Buffer.byteLength(JSON.stringify(cut.attributes))).toBeLessThanOrEqual(MAX_ATTRIBUTES_BYTES);
    expect(cut.problem).toMatch(new RegExp(`kept ${kept.length} of 5000 keys, left out "key_${kept.length}"`));
    // a key too large is left out; smaller ones after it still fit (multi-byte text counted in bytes)
    const big = readJsonAttributes(JSON.stringify({ small: 1, huge: 'é'.repeat(10_000), after: 2 }), none);
    expect(big).toMatchObject({ ok: true, attributes: { small: 1, after: 2 } });
    expect(big.ok && big.problem).toBe(
      'json attributes cut to the 16384 bytes of JSON Home Assistant records for a state\'s attributes: kept 2 of 3 keys, left out "huge"',
    );
  });
});
