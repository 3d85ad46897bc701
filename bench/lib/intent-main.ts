// The intent engine measured in a process of its own (`bench/scenarios/intents.ts` spawns it): a registry of
// N entities in 40 areas built from core, a command router whose owner takes what discovered entities take, the
// shipped intent templates, and each phrase of a list planned (matched, resolved, checked; nothing executed) many
// times. Prints one JSON line: samples in ms, the index build time, and what each phrase was read as.
import { loadIntentTemplates } from '../../src/adapters/automations/intent-templates.js';
import { systemClock } from '../../src/core/clock.js';
import { createCommandRouter, type AllowedActions } from '../../src/core/commands.js';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRegistry } from '../../src/core/registry.js';
import { createStateStore } from '../../src/core/state-store.js';
import { createIntentEngine } from '../../src/intents/engine.js';

const entities = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 200);

const AREAS = [
  'Kitchen',
  'Living Room',
  'Bedroom',
  'Master Bedroom',
  'Bathroom',
  'Hallway',
  'Office',
  'Garage',
  'Garden',
  'Dining Room',
  'Kids Room',
  'Attic',
  'Basement',
  'Laundry',
  'Porch',
  'Terrace',
  'Study',
  'Guest Room',
  'Nursery',
  'Balcony',
  'Pantry',
  'Cellar',
  'Library',
  'Gym',
  'Workshop',
  'Shed',
  'Loft',
  'Studio',
  'Sauna',
  'Pool House',
  'Playroom',
  'Mud Room',
  'Entrance',
  'Stairs',
  'Landing',
  'Closet',
  'Den',
  'Lounge',
  'Annex',
  'Veranda',
];
const KINDS: [domain: string, words: string[], deviceClass?: string][] = [
  ['light', ['Ceiling', 'Lamp', 'Spotlight', 'Strip', 'Pendant', 'Sconce']],
  ['switch', ['Plug', 'Outlet', 'Heater', 'Kettle', 'Speaker']],
  ['cover', ['Blinds', 'Curtains', 'Shutter']],
  ['climate', ['Thermostat']],
  ['lock', ['Door Lock']],
  ['sensor', ['Temperature'], 'temperature'],
  ['sensor', ['Humidity'], 'humidity'],
  ['binary_sensor', ['Window', 'Door'], 'opening'],
];
const ACTIONS: Record<string, AllowedActions> = {
  light: {
    turn_on: {
      description: '',
      params: { brightness_pct: { type: 'number', min: 0, max: 100 }, rgb_color: { type: 'rgb' } },
    },
    turn_off: { description: '', params: {} },
  },
  switch: { turn_on: { description: '', params: {} }, turn_off: { description: '', params: {} } },
  cover: {
    open_cover: { description: '', params: {} },
    close_cover: { description: '', params: {} },
    set_cover_position: { description: '', params: { position: { type: 'number', min: 0, max: 100 } } },
  },
  climate: { set_temperature: { description: '', params: { temperature: { type: 'number', min: 7, max: 30 } } } },
  lock: { lock: { description: '', params: {} }, unlock: { description: '', params: {} } },
};

const bus = createEventBus<CoreEvents>(silentLogger);
const registry = createRegistry(bus);
const states = createStateStore(bus, systemClock);
const commands = createCommandRouter(registry, states);
commands.register('bench', {
  allowedActions: (e) => ACTIONS[e.domain] ?? {},
  execute: async (e, action) => ({ entity_id: e.entity_id, action, published: [], optimistic: false }),
});
const { files, problems } = loadIntentTemplates();
if (problems.length > 0) throw new Error(problems.join('\n'));
const engine = createIntentEngine({ registry, states, commands, bus, files });

for (let i = 0; i < entities; i++) {
  const area = AREAS[i % AREAS.length] as string;
  const [domain, words, deviceClass] = KINDS[Math.floor(i / AREAS.length) % KINDS.length] as (typeof KINDS)[number];
  const n = Math.floor(i / (AREAS.length * KINDS.length));
  const word = words[n % words.length] as string;
  const name = `${area} ${word}${n >= words.length ? ` ${Math.floor(n / words.length) + 1}` : ''}`;
  const device = registry.upsertDevice({
    name,
    identifiers: [`bench_${i}`],
    connections: [],
    manufacturer: null,
    model: null,
    model_id: null,
    sw_version: null,
    hw_version: null,
    serial_number: null,
    configuration_url: null,
    via_device_id: null,
    area,
    source: 'bench',
  });
  const id = `${domain}.bench_${i}`;
  registry.upsertEntity({
    entity_id: id,
    unique_id: `bench_${i}`,
    domain,
    name,
    device_id: device.id,
    area,
    source: 'bench',
    discovery_topic: null,
    config: deviceClass ? { device_class: deviceClass } : {},
  });
  states.set(id, domain === 'sensor' ? '21.5' : domain === 'lock' ? 'locked' : 'off', { unit_of_measurement: '°C' });
}

const t0 = performance.now();
engine.index('en');
const indexMs = performance.now() - t0;

const PHRASES = [
  'turn on the kitchen ceiling',
  'turn off the lights in the living room',
  'switch the bedroom lamp on',
  'set the office spotlight to fifty percent',
  'dim the garage strip to 20 %',
  'trun on the kitchn ceiling',
  'turn on the light',
  'make the studio pendant red',
  'open the living room blinds',
  'close the curtains in the bedroom',
  'set the hallway thermostat to twenty one degrees',
  'set the temperature in the gym to 40 degrees',
  'lock the entrance door lock',
  'is the porch door lock locked',
  'what is the temperature in the attic',
  'what is the humidity in the sauna',
  'turn on the unicorn machine',
  'turn on the kitchen light',
  'please could you switch off the den speaker',
  'set the library blinds to 30 percent',
].map((text) => [text, 'en'] as const);
// Russian, with typos that change a stem or fall in an ending ("кухе", "спальнк"): each such word is compared with
// every known stem plus the language's endings, the slowest path a word can take
const PHRASES_RU = [
  'включи свет на кухе',
  'выключи свет в спальнк',
  'сделай ярче в гостиной',
  'какая температура на кухне',
].map((text) => [text, 'ru'] as const);
const ALL = [...PHRASES, ...PHRASES_RU];

const samples: number[] = [];
const readings: Record<string, string> = {};
const slowest: Record<string, number> = {};
for (let r = 0; r < rounds + 20; r++)
  for (const [text, language] of ALL) {
    const a = performance.now();
    const plan = engine.plan({ text, language, area: r % 2 === 0 ? 'Kitchen' : null });
    const ms = performance.now() - a;
    if (r >= 20) {
      samples.push(ms); // the first rounds warm the JIT up
      slowest[text] = Math.max(slowest[text] ?? 0, ms);
    }
    readings[text] = plan ? `rank ${plan.rank}` : 'no match';
  }
process.stdout.write(
  `${JSON.stringify({ entities: registry.entities().length, indexMs, samples, readings, slowest, phrases: ALL.length })}\n`,
);
