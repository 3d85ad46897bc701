// Two instances (cluster_instance) on one real Mosquitto and one real PostgreSQL (issue 23 step 3), in this process:
// the broker splits the sensors' messages between them (shared subscriptions); each value is stored once, both
// instances hold every sensor's latest state, each automation run happens once (on the instance holding the
// automations lease), the announcer runs on one instance, and a run asked of the other is refused with the reason.
// Fail-over with a killed process is test/e2e/cluster-failover.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/cluster.js';
import { until } from '../helpers/markers.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from '../helpers/mosquitto.js';
import { connectClient } from '../helpers/mqtt-client.js';
import { eventually, tempDir } from '../helpers/net.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../helpers/postgres.js';

const SENSORS = 20;
const ROUNDS = 10;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const AUTOMATIONS = `
input_boolean:
  cl_flag:
    name: Cluster flag
automation:
  - id: relay
    alias: Relay each sensor value
    mode: parallel
    max: 1000
    triggers:
      - trigger: state
        entity_id: [${Array.from({ length: SENSORS }, (_, i) => `sensor.cl_${i}`).join(', ')}]
    actions:
      - action: mqtt.publish
        data:
          topic: cl/out
          payload: "{{ trigger.entity_id }}={{ trigger.to_state.state }}"
  - id: flag
    alias: Raise the flag at round 5
    triggers:
      - trigger: state
        entity_id: sensor.cl_0
        to: "5"
    actions:
      - action: input_boolean.turn_on
        target:
          entity_id: input_boolean.cl_flag
`;

const collect = async (client: MqttClient, filter: string) => {
  const got: string[] = [];
  client.on('message', (topic, payload) => {
    if (topic === filter || (filter.endsWith('#') && topic.startsWith(filter.slice(0, -1))))
      got.push(`${topic} ${payload.toString()}`);
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return got;
};

const ready = postgresAvailable && mosquittoAvailable;
describe.skipIf(!ready && !(postgresRequired || mosquittoRequired))(
  'two instances on one broker and one database',
  () => {
    it('stores each state message once, runs each automation once and announces from one instance', async () => {
      const mosquitto = await createMosquitto();
      await mosquitto.start();
      cleanup.push(() => mosquitto.dispose());
      const databaseUrl = await freshPostgresDatabase('cluster');
      const folder = tempDir('switchyard-cluster-automations-');
      cleanup.push(folder.remove);
      writeFileSync(join(folder.path, 'automations.yaml'), AUTOMATIONS);
      const site = { mqttUrl: `mqtt://127.0.0.1:${mosquitto.port}`, databaseUrl, automationsDir: folder.path };

      const observer = await connectClient(mosquitto.port);
      cleanup.push(() => observer.endAsync());
      const out = await collect(observer, 'cl/out');
      const helperStates = await collect(observer, 'switchyard/helpers/input_boolean/cl_flag/state');

      const instances: Instance[] = [];
      for (const name of ['a', 'b']) {
        const instance = await startInstance(name, site);
        cleanup.push(() => instance.stop());
        instances.push(instance);
      }
      const [a, b] = instances as [Instance, Instance];
      const roles = () => instances.map((i) => i.app.health().cluster?.roles);
      // exactly one instance holds each role
      await eventually(() => roles().filter((r) => r?.automations).length === 1, 10_000);
      expect(roles().filter((r) => r?.announcer)).toHaveLength(1);
      const leader = roles()[0]?.automations ? a : b;
      const follower = leader === a ? b : a;

      const device = await connectClient(mosquitto.port);
      cleanup.push(() => device.endAsync());
      for (let i = 0; i < SENSORS; i++)
        await device.publishAsync(
          `homeassistant/sensor/cl_${i}/config`,
          JSON.stringify({ name: `Cl ${i}`, unique_id: `cl_${i}`, object_id: `cl_${i}`, state_topic: `cl/${i}` }),
          { qos: 1, retain: true },
        );
      for (const instance of instances)
        await until(
          () => instance.app.registry.entity(`sensor.cl_${SENSORS - 1}`),
          `${instance.name} discovered`,
          10_000,
        );

      // rounds of readings, as sensors report: every sensor once, then the next round once both instances hold it
      for (let round = 1; round <= ROUNDS; round++) {
        await Promise.all(
          Array.from({ length: SENSORS }, (_, i) => device.publishAsync(`cl/${i}`, String(round), { qos: 1 })),
        );
        await eventually(
          () =>
            instances.every((inst) =>
              Array.from({ length: SENSORS }, (_, i) => inst.app.states.get(`sensor.cl_${i}`)?.state).every(
                (s) => s === String(round),
              ),
            ),
          10_000,
        );
      }
      // the broker split the readings: both instances received some (and the state exchange gave each the rest)
      for (const inst of instances) expect(inst.app.health().cluster?.exchange.sent).toBeGreaterThan(0);

      // each automation run happened once: one relayed message per change (the first, to `unknown`, when discovered)
      const expected = Array.from({ length: SENSORS }, (_, i) =>
        ['unknown', ...Array.from({ length: ROUNDS }, (_, r) => String(r + 1))].map(
          (v) => `cl/out sensor.cl_${i}=${v}`,
        ),
      )
        .flat()
        .sort();
      await eventually(() => out.length >= expected.length, 10_000);
      await leader.app.automations.whenIdle();
      expect([...out].sort()).toEqual(expected);
      expect(leader.app.health().cluster?.triggers.ran).toBeGreaterThanOrEqual(expected.length);
      expect(follower.app.health().cluster?.triggers.ran).toBe(0);
      await eventually(() => (follower.app.health().cluster?.triggers.pending ?? 1) === 0, 10_000);
      expect(follower.app.health().cluster?.triggers.unmarked).toBe(0);

      // each state message stored once: the database holds each reading of each sensor once. Written behind (and
      // held in memory while PostgreSQL refuses, e.g. connections of a busy test run): waited for, then no row twice
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      cleanup.push(() => client.end());
      const stored = async () =>
        (
          await client.query<{ entity_id: string; state: string; n: string }>(
            `select entity_id, state, count(*) as n from state_history
             where entity_id ~ '^sensor[.]cl_[0-9]+$' and state ~ '^[0-9]+$' group by 1, 2`,
          )
        ).rows;
      await eventually(async () => (await stored()).length === SENSORS * ROUNDS, 30_000);
      const rows = await stored();
      expect(rows).toHaveLength(SENSORS * ROUNDS);
      expect(rows.every((r) => r.n === '1')).toBe(true);

      // the announcer runs on one instance: the helper's state went to Home Assistant once
      await eventually(() => helperStates.some((m) => m.endsWith(' ON')), 10_000);
      expect(helperStates.filter((m) => m.endsWith(' ON'))).toHaveLength(1);
      for (const inst of instances)
        await eventually(() => inst.app.states.get('input_boolean.cl_flag')?.state === 'on');

      // a sensor whose value and attributes come on two topics: whichever instance gets the attributes writes them
      // with the newest value, also when another instance received that value (it adopted the replica)
      await device.publishAsync(
        'homeassistant/sensor/cl_attr/config',
        JSON.stringify({
          name: 'Cl attr',
          unique_id: 'cl_attr',
          object_id: 'cl_attr',
          state_topic: 'cl/attr/value',
          json_attributes_topic: 'cl/attr/attributes',
        }),
        { qos: 1, retain: true },
      );
      for (const instance of instances)
        await until(() => instance.app.registry.entity('sensor.cl_attr'), `${instance.name} discovered`, 10_000);
      for (let round = 1; round <= 6; round++) {
        await device.publishAsync('cl/attr/value', String(round), { qos: 1 });
        await eventually(() => instances.every((i) => i.app.states.get('sensor.cl_attr')?.state === String(round)));
        // two attribute messages a round: the broker hands them to both instances, one of which did not get the value
        for (const part of [1, 2]) {
          await device.publishAsync('cl/attr/attributes', JSON.stringify({ round, part }), { qos: 1 });
          const has = (i: Instance) => i.app.states.get('sensor.cl_attr')?.attributes.part === part;
          await eventually(() =>
            instances.every((i) => has(i) && i.app.states.get('sensor.cl_attr')?.attributes.round === round),
          );
          for (const i of instances) expect(i.app.states.get('sensor.cl_attr')?.state).toBe(String(round));
        }
      }

      // a run asked of the instance that does not run the automations is refused, saying why
      const refused = await follower.post('/api/automations/relay/trigger', {});
      expect(refused.status).toBe(503);
      expect(JSON.stringify(refused.body)).toMatch(/does not run the automations/);
    }, 120_000);
  },
);
