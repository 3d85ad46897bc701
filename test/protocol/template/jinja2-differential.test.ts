// The interpreter against Python's Jinja2 on the same templates: equal output, or both refuse.
// (Home Assistant's own filters and functions are not in plain Jinja2; these cases use Jinja's built-ins.)
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/protocol/template/index.js';
import { jinja2Available, jinja2Required, renderWithJinja2 } from '../../helpers/jinja2.js';

const long = 'The quick brown fox jumps over the lazy dog near the riverbank at dawn';
const CASES: { template: string; vars?: Record<string, unknown> }[] = [
  // truncate, with every argument, as announcers send it (Zigbee2MQTT text sensors: truncate(254, True, '', 0))
  ...[5, 10, 15, 20, 24, 30, 60, 69, 70, 75, 255].map((n) => ({
    template: `{{ s | truncate(${n}) }}`,
    vars: { s: long },
  })),
  ...[10, 20, 66, 71].map((n) => ({ template: `{{ s | truncate(${n}, True) }}`, vars: { s: long } })),
  ...[0, 3, 5].map((l) => ({ template: `{{ s | truncate(20, False, '…', ${l}) }}`, vars: { s: long } })),
  { template: "{{ s | truncate(20, True, '', 0) }}", vars: { s: long } },
  { template: "{{ s | truncate(254, True, '', 0) }}", vars: { s: 'x'.repeat(300) } },
  { template: "{{ s | truncate(254, True, '', 0) }}", vars: { s: 'x'.repeat(254) } },
  { template: "{{ s | truncate(254, True, '', 0) }}", vars: { s: 'x'.repeat(255) } },
  {
    template: "{{ value_json.x | default('',True) | string | truncate(254, True, '', 0) }}",
    vars: { value_json: { x: 'y'.repeat(400) } },
  },
  { template: "{{ value_json.x | default('',True) | string | truncate(254, True, '', 0) }}", vars: { value_json: {} } },
  {
    template: "{{ value_json.x | default('',True) | string | truncate(254, True, '', 0) }}",
    vars: { value_json: { x: 12.5 } },
  },
  { template: '{{ s | truncate(length=12, end="!") }}', vars: { s: long } },
  { template: '{{ s | truncate(12, leeway=0) }}', vars: { s: 'hello world again' } },
  { template: '{{ s | truncate(12, killwords=true, leeway=0) }}', vars: { s: 'hello world again' } },
  { template: '{{ s | truncate(8) }}', vars: { s: 'ÄÖÜäöüßé ñ çà 😀😀😀😀 end' } },
  { template: '{{ s | truncate(8, true, "", 0) }}', vars: { s: '😀😀😀😀😀😀😀😀😀😀' } },
  { template: '{{ s | truncate(8) }}', vars: { s: 'nospacesatallinthisstring' } },
  { template: '{{ s | truncate(8) }}', vars: { s: '' } },
  { template: '{{ missing | truncate(3) }}' },
  // dict literals with keys of any hashable type (Zigbee2MQTT's climate hvac_action template uses None keys)
  ...['idle', 'heat', 'cool', null, 'unknown'].map((state) => ({
    template:
      "{% set values = {None:None,'idle':'idle','heat':'heating','cool':'cooling'} %}{{ values[value_json.running_state] }}",
    vars: { value_json: { running_state: state } },
  })),
  { template: "{% set d = {None: 'none', 1: 'one', 2.5: 'two and a half', True: 'yes', 'a': 'A'} %}{{ d }}" },
  {
    template:
      "{% set d = {None: 'none', 1: 'one', 2.5: 'x'} %}{{ d[None] }} {{ d[1] }} {{ d[1.0] }} {{ d[2.5] }} {{ d['1'] }}",
  },
  { template: "{% set d = {None: 0, 3: 1} %}{{ None in d }} {{ 3 in d }} {{ '3' in d }} {{ d | length }}" },
  {
    template:
      "{% set d = {None: 0, 3: 1, 'k': 2} %}{% for k in d %}[{{ k }}]{% endfor %} {{ d.keys() | list }} {{ d.items() | list }}",
  },
  { template: "{% set d = {None: 0, 3: 1} %}{{ d.get(None) }} {{ d.get(4, 'no') }} {{ d | tojson }}" },
  { template: "{% set d = {1: 'a', 1.0: 'b'} %}{{ d | length }} {{ d[1] }}" },
  // random with one possible answer, empty sequences (Undefined), and a mapping (KeyError)
  { template: '{{ [5] | random }} {{ "x" | random }} {{ range(3, 4) | random }} {{ (7,) | random }}' },
  { template: '[{{ [] | random }}] [{{ "" | random }}] [{{ missing | random }}] {{ ([] | random) is defined }}' },
  { template: "{{ {'a': 1} | random }}" },
  // filters that call filters and tests by name, and the other sequence filters
  {
    template:
      "{{ ['1', '2', '30'] | map('int') | list }} {{ ['a', 'B'] | map('upper') | join(',') }} {{ [1.25, 2.5] | map('round', 1) | list }}",
  },
  {
    template:
      "{{ devices | map(attribute='name') | list }} {{ devices | map(attribute='room', default='none') | list }}",
    vars: { devices: [{ name: 'a', room: 'hall' }, { name: 'b' }] },
  },
  {
    template: "{{ devices | map(attribute='info.rssi') | list }}",
    vars: { devices: [{ info: { rssi: -60 } }, { info: { rssi: -71 } }] },
  },
  { template: "{{ [0, 1, 2, 3, None, '', 'x'] | select | list }} {{ [0, 1, 2, 3, None, '', 'x'] | reject | list }}" },
  {
    template:
      "{{ [1, 2, 3, 4, 5, 6] | select('odd') | list }} {{ [1, 2, 3, 4, 5, 6] | reject('divisibleby', 3) | list }} {{ [1, 5, 9] | select('gt', 4) | list }}",
  },
  {
    template:
      "{{ xs | selectattr('on') | map(attribute='id') | list }} {{ xs | rejectattr('on') | map(attribute='id') | list }}",
    vars: {
      xs: [
        { id: 1, on: true },
        { id: 2, on: false },
        { id: 3, on: true },
      ],
    },
  },
  {
    template:
      "{{ xs | selectattr('v', 'gt', 20) | map(attribute='id') | join(' ') }} {{ xs | selectattr('v', 'equalto', 21) | list | length }}",
    vars: {
      xs: [
        { id: 'a', v: 19 },
        { id: 'b', v: 21 },
        { id: 'c', v: 25 },
      ],
    },
  },
  {
    template:
      "{{ d | dictsort }} {{ d | dictsort(true) }} {{ d | dictsort(by='value') }} {{ d | dictsort(reverse=true) }}",
    vars: { d: { b: 2, A: 3, c: 1 } },
  },
  { template: '{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}', vars: { d: { zeta: 1, alpha: 2 } } },
  {
    template:
      '{{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3, 4, 5] | batch(2, 0) | list }} {{ [1, 2, 3] | batch(3) | list }} {{ [] | batch(2) | list }}',
  },
  {
    template:
      "{{ 'Hello world, this is a test_string 42' | wordcount }} {{ '' | wordcount }} {{ 'Grüße aus Köln' | wordcount }}",
  },
  // refused by both
  { template: "{{ [1] | map('no_such_filter') | list }}" },
  { template: "{{ [1] | select('no_such_test') | list }}" },
  { template: '{% set d = {[1]: 2} %}{{ d }}' },
  { template: '{{ s | truncate(2) }}', vars: { s: long } },
  { template: "{{ s | truncate(10, false, '...', -1) }}", vars: { s: long } },
  { template: '{{ 12345 | truncate(3) }}' },
];

describe.skipIf(!jinja2Available && !jinja2Required)('templates against Python Jinja2', () => {
  it('render as Jinja2 renders them, or are refused by both', () => {
    const reference = renderWithJinja2(CASES);
    const ours = CASES.map((c) => {
      try {
        return { ok: true as const, output: compileTemplate(c.template).render(c.vars ?? {}) };
      } catch (err) {
        return { ok: false as const, error: (err as Error).message };
      }
    });
    const differences = CASES.flatMap((c, i) => {
      const want = reference[i]!;
      const got = ours[i]!;
      const same = want.ok ? got.ok && got.output === want.output : !got.ok;
      return same ? [] : [{ template: c.template, jinja2: want, ours: got }];
    });
    expect(differences).toEqual([]);
    // the reference itself: some cases are refused, most render
    expect(reference.filter((r) => !r.ok)).toHaveLength(8);
  });
});
