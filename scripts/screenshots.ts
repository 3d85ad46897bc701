// npm run screenshots: pictures of every panel view, light and dark, on a desktop and a phone, for DOCS.md.
// Starts Switchyard as `npm start` does (its own broker, a scratch data folder), announces a small home over MQTT
// discovery as Zigbee2MQTT would, writes three automations, lets states and runs happen, then opens each view in
// Debian's Chromium (playwright-core) and saves docs/screenshots/<view>-<light|dark>-<desktop|phone>.png.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { chromium, type Page } from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const AUTOMATIONS = `# the home's automations, as a user writes them
- id: hall_light_on_motion
  alias: Hall light on motion
  triggers:
    - trigger: state
      entity_id: binary_sensor.hall_motion
      to: "on"
  conditions:
    - condition: numeric_state
      entity_id: sensor.hall_illuminance
      below: 40
  actions:
    - action: light.turn_on
      target:
        entity_id: light.hall_ceiling
      data:
        brightness_pct: 70
    - delay: "00:00:01"
    - action: notify.notify
      data:
        message: Motion in the hall

- id: fan_when_hot
  alias: Fan on when the office is hot
  triggers:
    - trigger: numeric_state
      entity_id: sensor.office_temperature
      above: 25
  actions:
    - action: switch.turn_on
      target:
        entity_id: switch.office_fan
`;

/** Zigbee2MQTT-shaped devices: one JSON state topic per device, entities reading their keys */
const DEVICES = [
  {
    id: 'hall_sensor',
    name: 'Hall sensor',
    model: 'RTCGQ11LM',
    entities: [
      [
        'binary_sensor',
        'hall_motion',
        'Hall motion',
        { device_class: 'motion', value_template: '{{ value_json.occupancy }}', payload_on: true, payload_off: false },
      ],
      [
        'sensor',
        'hall_illuminance',
        'Hall illuminance',
        { device_class: 'illuminance', unit_of_measurement: 'lx', value_template: '{{ value_json.illuminance }}' },
      ],
    ],
  },
  {
    id: 'office_climate',
    name: 'Office climate',
    model: 'WSDCGQ11LM',
    entities: [
      [
        'sensor',
        'office_temperature',
        'Office temperature',
        { device_class: 'temperature', unit_of_measurement: '°C', value_template: '{{ value_json.temperature }}' },
      ],
      [
        'sensor',
        'office_humidity',
        'Office humidity',
        { device_class: 'humidity', unit_of_measurement: '%', value_template: '{{ value_json.humidity }}' },
      ],
    ],
  },
  {
    id: 'hall_ceiling',
    name: 'Hall ceiling',
    model: 'LED1545G12',
    entities: [
      [
        'light',
        'hall_ceiling',
        'Hall ceiling',
        { schema: 'json', brightness: true, command_topic: 'zigbee2mqtt/hall_ceiling/set' },
      ],
    ],
  },
  {
    id: 'office_fan',
    name: 'Office fan',
    model: 'SP 120',
    entities: [
      [
        'switch',
        'office_fan',
        'Office fan',
        { command_topic: 'zigbee2mqtt/office_fan/set', value_template: '{{ value_json.state }}' },
      ],
    ],
  },
] as const;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-shots-'));
  const automations = join(work, 'automations');
  mkdirSync(automations, { recursive: true });
  writeFileSync(join(automations, 'home.yaml'), AUTOMATIONS);
  // a draft with a mistake, so the editor shows a diagnostic at its line
  const draft = [
    '- id: draft',
    '  alias: Humid office (draft)',
    '  triggers:',
    '    - trigger: numeric_state',
    '      entity_id: sensor.office_humidity',
    '      abov: 60',
    '  actions:',
    '    - action: switch.turn_on',
    '      target: {entity_id: switch.office_fan}',
    '',
  ];
  writeFileSync(join(automations, 'draft.yaml'), draft.join('\n'));
  const [http, mqttPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'server', 'main.js')], {
    env: {
      ...process.env,
      SWITCHYARD_OPTIONS: join(work, 'none.json'),
      SWITCHYARD_DATA_DIR: join(work, 'data'),
      SWITCHYARD_AUTOMATIONS_DIR: automations,
      SWITCHYARD_HTTP_HOST: '127.0.0.1',
      SWITCHYARD_HTTP_PORT: String(http),
      SWITCHYARD_BROKER_PORT: String(mqttPort),
      SWITCHYARD_LOG_LEVEL: 'info',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${http}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    const mqtt = await connectAsync(`mqtt://127.0.0.1:${mqttPort}`);
    for (const d of DEVICES) {
      for (const [component, objectId, name, extra] of d.entities) {
        const config = {
          name,
          unique_id: objectId,
          object_id: objectId,
          state_topic: `zigbee2mqtt/${d.id}`,
          availability_topic: `zigbee2mqtt/${d.id}/availability`,
          device: { identifiers: [`zigbee2mqtt_${d.id}`], name: d.name, model: d.model, manufacturer: 'IKEA / Xiaomi' },
          ...extra,
        };
        await mqtt.publishAsync(`homeassistant/${component}/${objectId}/config`, JSON.stringify(config), {
          retain: true,
          qos: 1,
        });
      }
      await mqtt.publishAsync(`zigbee2mqtt/${d.id}/availability`, 'online', { retain: true, qos: 1 });
    }
    await sleep(1500);
    // an hour of readings squeezed into a minute's worth of messages, then motion in the dark and a hot office
    for (let i = 0; i < 60; i++) {
      const t = 21 + 3 * Math.sin(i / 9) + i / 30;
      await mqtt.publishAsync(
        'zigbee2mqtt/office_climate',
        JSON.stringify({ temperature: Number(t.toFixed(1)), humidity: 45 + (i % 7) }),
      );
      await mqtt.publishAsync(
        'zigbee2mqtt/hall_sensor',
        JSON.stringify({ occupancy: i % 15 === 0, illuminance: i < 30 ? 120 : 12 }),
      );
      await sleep(40);
    }
    await mqtt.publishAsync('zigbee2mqtt/office_climate', JSON.stringify({ temperature: 26.4, humidity: 48 }));
    await mqtt.publishAsync('zigbee2mqtt/hall_ceiling', JSON.stringify({ state: 'OFF', brightness: 0 }));
    await mqtt.publishAsync('zigbee2mqtt/office_fan', JSON.stringify({ state: 'OFF' }));
    await sleep(2500);
    await mqtt.endAsync();

    const traces = (await (await fetch(`${base}/api/automations/hall_light_on_motion/traces`)).json()) as {
      traces?: { run_id: string }[];
    };
    const run = traces.traces?.[0]?.run_id ?? '';
    const devices = (await (await fetch(`${base}/api/devices`)).json()) as { devices: { id: string; name: string }[] };
    const office = devices.devices.find((d) => d.name === 'Office climate')?.id ?? '';
    const views: [string, string, string][] = [
      ['entities', '#/entities', '[data-testid="entity-count"]'],
      ['devices', '#/devices', '[data-testid^="device-"]'],
      ['device', `#/device/${encodeURIComponent(office)}`, '#device-title'],
      [
        'history',
        '#/history?ids=sensor.office_temperature,sensor.office_humidity&hours=1',
        '[data-testid="history-chart"]',
      ],
      ['automations', '#/automations', 'table.grid'],
      ['editor', '#/edit/draft', '[data-testid="editor-problems"] li'],
      ['traces', '#/traces/hall_light_on_motion', '[data-testid="why-not-fired"]'],
      ['trace', `#/trace/hall_light_on_motion/${run}`, '[data-testid="trace-steps"]'],
      ['mqtt', '#/mqtt', '[data-testid="mqtt-tree"]'],
      ['alerts', '#/alerts', 'main'],
      ['diagnostics', '#/diagnostics', 'main'],
      ['logs', '#/logs', '[data-testid="log-entry"]'],
    ];
    mkdirSync(OUT, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      for (const [form, viewport] of [
        ['desktop', { width: 1280, height: 800 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, isMobile: form === 'phone' });
        const page: Page = await context.newPage();
        for (const [name, hash, ready] of views) {
          await page.goto(`${base}/${hash}`);
          await page.waitForSelector(ready, { timeout: 15_000 });
          await sleep(600); // charts draw and live values arrive after their element is there
          const file = join(OUT, `${name}-${scheme}-${form}.png`);
          await page.screenshot({ path: file });
          console.log(`wrote ${file.slice(ROOT.length + 1)}`);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
