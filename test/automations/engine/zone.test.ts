// Zones, the zone trigger and the zone condition on the whole app (real broker, SQLite, the app's own engine over a
// folder with a `zone:` section). Cases from Home Assistant's tests/components/zone/test_trigger.py (its zone
// "test" at 32.880837,-117.237561 with radius 250, test.entity moving in and out) and zone/test_init.py (zone
// attributes, persons, the home zone).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { settleThrough } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';

const OUT = { latitude: 32.881011, longitude: -117.234758 };
const IN = { latitude: 32.880586, longitude: -117.237564 };

const ZONES = `
zone:
  - name: test
    latitude: 32.880837
    longitude: -117.237561
    radius: 250
  - name: School
    latitude: 32.8773367
    longitude: -117.2494053
    radius: 250
    passive: true
    icon: mdi:school
`;

let t: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  t = undefined;
  dir = undefined;
});

async function start(automations: string, settings: Record<string, unknown> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-zones-'));
  writeFileSync(join(dir, 'zones.yaml'), ZONES);
  writeFileSync(join(dir, 'automations.yaml'), automations);
  t = await startTestApp({ automations_dir: dir, ...settings });
  const seen = await collect(t.client, 'out/#');
  const app = t;
  const set = (id: string, state: string, attributes: Record<string, unknown>) =>
    app.app.states.set(id, state, attributes, { context: createContext('test') });
  const flush = () => settleThrough(app.client, app.app.mqtt, () => app.app.automations.whenIdle());
  return { t: app, seen, set, flush };
}

const publishes = (some: string) => `
      - action: mqtt.publish
        data:
          topic: out/zone
          payload: "${some}"
`;

describe('zones', () => {
  it("keeps zone entities with Home Assistant's state and attributes, and zone.home from the location", async () => {
    const { t: app, set } = await start('[]', { latitude: 52.37, longitude: 4.89 });
    expect(app.app.states.get('zone.test')).toMatchObject({
      state: '0',
      attributes: {
        latitude: 32.880837,
        longitude: -117.237561,
        radius: 250,
        passive: false,
        persons: [],
        editable: false,
        friendly_name: 'test',
      },
    });
    expect(app.app.states.get('zone.school')?.attributes).toMatchObject({ passive: true, icon: 'mdi:school' });
    expect(app.app.registry.entity('zone.test')).toMatchObject({ domain: 'zone', source: 'zone' });
    expect(app.app.states.get('zone.home')).toMatchObject({
      state: '0',
      attributes: { latitude: 52.37, longitude: 4.89, radius: 100, icon: 'mdi:home', friendly_name: 'Home' },
    });
    // zone/__init__.py: a person counts in the zone named like its state, in zone.home when `home`
    set('person.anne', 'home', {});
    set('person.bob', 'Test', {});
    expect(app.app.states.get('zone.home')).toMatchObject({ state: '1', attributes: { persons: ['person.anne'] } });
    expect(app.app.states.get('zone.test')).toMatchObject({ state: '1', attributes: { persons: ['person.bob'] } });
    set('person.bob', 'not_home', {});
    expect(app.app.states.get('zone.test')).toMatchObject({ state: '0', attributes: { persons: [] } });
  });

  it('fires on zone enter with the trigger variables (test_if_fires_on_zone_enter)', async () => {
    const {
      t: app,
      seen,
      set,
      flush,
    } = await start(`
- id: enter
  triggers:
    - trigger: zone
      entity_id: test.entity
      zone: zone.test
      event: enter
  actions:${publishes('{{ trigger.platform }} - {{ trigger.entity_id }} - {{ trigger.from_state.state }} - {{ trigger.to_state.state }} - {{ trigger.zone.name }} - {{ trigger.id }} - {{ trigger.event }}')}
`);
    set('test.entity', 'hello', OUT);
    await flush();
    expect(seen).toEqual([]);
    set('test.entity', 'hello', IN);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['zone - test.entity - hello - hello - test - 0 - enter']);
    // out again, the automation off: no second run
    set('test.entity', 'hello', OUT);
    app.app.automations.setEnabled('enter', false);
    set('test.entity', 'hello', IN);
    await flush();
    expect(seen).toHaveLength(1);
  });

  it('fires on leave and on enter, each only for its own event (test_if_fires_on_zone_leave and the not-fires cases)', async () => {
    const { seen, set, flush } = await start(`
- id: leave
  triggers:
    - trigger: zone
      entity_id: test.entity
      zone: zone.test
      event: leave
  actions:${publishes('leave')}
- id: enter
  triggers:
    - trigger: zone
      entity_id: test.entity
      zone: zone.test
  actions:${publishes('enter')}
`);
    // a first state in the zone is an enter (trigger.py: no old state, `from_match` is False)
    set('test.entity', 'hello', IN);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['enter']);
    set('test.entity', 'hello', OUT);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['enter', 'leave']);
    set('test.entity', 'hello', IN);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['enter', 'leave', 'enter']);
    // a state without a location is ignored (has_location), and so is the change back from it
    set('test.entity', 'away', {});
    set('test.entity', 'hello', OUT);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['enter', 'leave', 'enter']);
  });

  it('counts the GPS accuracy as Home Assistant does', async () => {
    const { seen, set, flush } = await start(`
- id: enter
  triggers:
    - trigger: zone
      entity_id: device_tracker.phone
      zone: zone.test
  actions:${publishes('enter')}
`);
    set('device_tracker.phone', 'not_home', { ...OUT, gps_accuracy: 0 });
    set('device_tracker.phone', 'not_home', { ...OUT, gps_accuracy: 50 });
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['enter']);
  });

  it('passes the zone condition for an entity in the zone and explains errors (test_zone_condition)', async () => {
    const {
      t: app,
      seen,
      set,
      flush,
    } = await start(`
- id: in_zone
  triggers:
    - trigger: event
      event_type: test_event
  conditions:
    - condition: zone
      entity_id: test.entity
      zone: [zone.test, zone.nowhere]
  actions:${publishes('in')}
- id: no_coordinates
  triggers:
    - trigger: event
      event_type: test_event
  conditions:
    - condition: zone
      entity_id: device_tracker.old
      zone: zone.test
  actions:${publishes('never')}
`);
    set('device_tracker.old', 'home', {});
    set('test.entity', 'hello', IN);
    await app.post('/api/automations/in_zone/trigger', { skip_condition: false });
    await app.post('/api/automations/no_coordinates/trigger', { skip_condition: false });
    await flush();
    // zone.nowhere is unknown, but test.entity is in zone.test: a definitive result, no error
    expect(seen.map((m) => m.payload)).toEqual(['in']);
    const [trace] = app.app.automations.traces('no_coordinates');
    const full = app.app.automations.trace('no_coordinates', trace?.run_id ?? '');
    expect(JSON.stringify(full)).toContain("entity device_tracker.old has no 'latitude' attribute");
    set('test.entity', 'hello', OUT);
    await app.post('/api/automations/in_zone/trigger', { skip_condition: false });
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['in']);
  });

  it('reports problems at their line: a zone that is not a zone, a missing event value', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-zones-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      `- id: bad
  triggers:
    - trigger: zone
      entity_id: test.entity
      zone: sensor.nope
      event: arrive
  actions: []
`,
    );
    t = await startTestApp({ automations_dir: dir });
    const problems = t.app.automations.diagnostics().map((d) => `${d.line}: ${d.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^5: triggers\[0\]\.zone: 'sensor.nope' is not a zone/),
        expect.stringMatching(/^6: triggers\[0\]\.event: expected one of enter, leave/),
      ]),
    );
  });
});
