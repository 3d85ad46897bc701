// Never a crash: odd values anywhere in a real automation, and hostile YAML, end as diagnostics.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';
import { automationSchema } from '../../../src/automations/schema/automation.js';
import { where } from './helpers.js';

describe('robustness', () => {
  const FIXTURES = fileURLToPath(new URL('../../fixtures/automations/', import.meta.url));
  const WEIRD: unknown[] = [null, 0, -1.5, true, '', 'x', '{{ t }}', [], [1, 'a'], {}, { a: { b: 1 } }];

  /** Every way of replacing one value (or one key's value) of `value` with something odd. */
  function* mutations(value: unknown): Generator<unknown> {
    for (const weird of WEIRD) yield weird;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries())
        for (const m of mutations(item)) yield value.map((v, j) => (j === i ? m : v));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, item] of Object.entries(value)) for (const m of mutations(item)) yield { ...value, [k]: m };
    }
  }

  it('never throws, whatever value sits anywhere in a real automation, and a rejected one ends as diagnostics', () => {
    let runs = 0;
    let accepted = 0;
    let rejected = 0;
    for (const name of readdirSync(FIXTURES)) {
      const doc: unknown = parse(readFileSync(join(FIXTURES, name), 'utf8'));
      const autos = Array.isArray(doc)
        ? doc
        : typeof doc === 'object' && doc !== null && 'automation' in doc
          ? [doc.automation].flat()
          : [doc];
      for (const auto of autos) {
        let n = 0;
        for (const mutated of mutations(auto)) {
          const whole = n++ < WEIRD.length; // the first mutations replace the whole automation
          const r = automationSchema.safeParse(mutated, { reportInput: true });
          runs++;
          if (whole) {
            // none of the odd values is an automation (no triggers, no actions)
            expect(r.success, `${name}: ${JSON.stringify(mutated)} as a whole automation`).toBe(false);
            continue;
          }
          if (r.success) {
            accepted++;
            continue;
          }
          rejected++;
          // the loader turns what the schema refuses into located errors, and loads nothing of it
          const loaded = loadAutomationText(stringify(mutated), 'mutated.yaml', { dir: FIXTURES });
          const problems = loaded.diagnostics.filter((d) => d.severity === 'error');
          expect(loaded.automations, `${name}: ${JSON.stringify(mutated)}`).toEqual([]);
          expect(problems.length, `${name}: ${JSON.stringify(mutated)}`).toBeGreaterThan(0);
          expect(problems.every((d) => d.file === 'mutated.yaml' && d.line >= 1 && d.column >= 1)).toBe(true);
        }
      }
    }
    expect(runs).toBeGreaterThan(1000);
    // both outcomes occur: the schema neither waves everything through nor refuses everything
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('treats names of Object.prototype members as the unknown names they are', () => {
    const result = loadAutomationText(
      [
        'id: a',
        'triggers:',
        '  - trigger: constructor',
        '  - platform: toString',
        'conditions: [{condition: hasOwnProperty}]',
        'actions:',
        '  - action: constructor.turn_on',
        '  - delay: {constructor: 1}',
        '  - __proto__: {delay: 1}',
        '',
      ].join('\n'),
      'proto.yaml',
    );
    expect(result.diagnostics.map(where)).toEqual([
      "proto.yaml:3:14 triggers[0].trigger: unknown trigger type 'constructor'",
      "proto.yaml:4:15 triggers[1].platform: unknown trigger type 'toString'",
      "proto.yaml:5:26 conditions[0].condition: unknown condition type 'hasOwnProperty'",
      "proto.yaml:7:13 actions[0].action: action 'constructor.turn_on' not found; " +
        'a run that reaches this step stops with an error',
      "proto.yaml:8:13 unknown key 'constructor' in duration (at actions[1].delay)",
      'proto.yaml:9:5 actions[2]: not an action: no action key found',
    ]);
  });

  const laugh = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
  ].join('\n');
  const HOSTILE: Record<string, [string, string]> = {
    'alias bomb': [laugh, 'hostile.yaml:1:1 YAML error: Excessive alias count indicates a resource exhaustion attack'],
    'unknown anchor': [
      'id: a\ntriggers: *nope\n',
      'hostile.yaml:1:1 YAML error: Unresolved alias (the anchor must be set before the alias): nope',
    ],
    'merge of a scalar': ['id: a\n<<: 5\n', 'hostile.yaml:1:1 YAML error: Merge sources must be maps or map aliases'],
    'two documents': [
      'id: a\n---\nid: b\n',
      'hostile.yaml:2:1 YAML syntax error: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ],
    'deep nesting': ['['.repeat(5000) + ']'.repeat(5000), 'hostile.yaml:'],
    'control characters': ['\u0000\u0001 ]]] {{{ : : :', 'hostile.yaml:1:'],
    'complex keys': ['? [a, b]\n: c\n{x: 1}: y\n', "hostile.yaml:1:1 missing required key 'triggers'"],
  };
  for (const [name, [text, first]] of Object.entries(HOSTILE)) {
    it(`reports ${name} without throwing`, () => {
      const result = loadAutomationText(text, 'hostile.yaml');
      expect(result.automations).toEqual([]);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(where(result.diagnostics[0]!)).toContain(first);
    });
  }
});
