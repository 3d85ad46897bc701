// Extra MQTT broker connections from the `mqtt_profiles` setting, through the app's own /mcp endpoint: a
// second real broker (embedded aedes on its own port, with a login) next to the app's main one, a read-only
// profile, and a profile whose broker is down.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import { createProfileConnections, profileConnectionsService } from '../../../src/app/mqtt.js';
import { parseSettings } from '../../../src/config/settings.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker, retainedUnder } from '../../helpers/markers.js';
import { collect, connectClient } from '../../helpers/mqtt-client.js';
import { eventually, freePort } from '../../helpers/net.js';

const LAB_USER = 'lab-user';
const LAB_PASSWORD = 'lab-s3cret-pw';
const PROFILE_WAIT_MS = 400;

describe('MQTT profiles over the app’s /mcp', () => {
  let lab: EmbeddedBroker;
  let labClient: MqttClient;
  let downPort: number;
  let t: TestApp;
  let client: Client;
  let startMs: number;

  beforeAll(async () => {
    lab = createEmbeddedBroker({
      port: await freePort(),
      host: '127.0.0.1',
      username: LAB_USER,
      password: LAB_PASSWORD,
      log: silentLogger,
    });
    await lab.start();
    labClient = await connectClient(lab.port, { username: LAB_USER, password: LAB_PASSWORD });
    downPort = await freePort();
    const labUrl = `mqtt://127.0.0.1:${lab.port}`;
    const started = Date.now();
    t = await startTestApp(
      {
        mqtt_profiles: [
          { name: 'lab', url: labUrl, username: LAB_USER, password: LAB_PASSWORD },
          { name: 'lab-ro', url: labUrl, username: LAB_USER, password: LAB_PASSWORD, publish: false },
          { name: 'down', url: `mqtt://127.0.0.1:${downPort}` },
        ],
      },
      { appOptions: { mqttProfileStartWaitMs: PROFILE_WAIT_MS } },
    );
    startMs = Date.now() - started;
    client = new Client({ name: 'switchyard-mqtt-profiles', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${t.app.http.port}/mcp`)));
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await t?.close();
    await labClient?.endAsync();
    await lab?.stop();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      structuredContent?: any;
      content: { text?: string }[];
    };
  const ok = async (name: string, args: Record<string, unknown> = {}) => {
    const r = await call(name, args);
    if (r.isError) throw new Error(`${name} failed: ${r.content[0]?.text}`);
    return r.structuredContent;
  };
  /** the app's own connection with this id ("main" or a profile), as the MQTT tools use it */
  const connection = (id: string) => {
    const found = t.app.mcpDeps.connections?.get(id);
    if (!found) throw new Error(`no connection ${id}`);
    return found.messages;
  };
  const refused = async (name: string, args: Record<string, unknown>) => {
    const r = await call(name, args);
    expect(r.isError, `${name} should fail`).toBe(true);
    return r.content[0]?.text ?? '';
  };

  it('mqtt_connections lists main and every profile, a down broker as disconnected, and never a credential', async () => {
    const r = await ok('mqtt_connections');
    expect(r.connections).toEqual([
      {
        connection_id: 'main',
        profile: 'default',
        broker: 'embedded',
        connected: true,
        default: true,
        publish_allowed: true,
      },
      {
        connection_id: 'lab',
        profile: 'lab',
        broker: `mqtt://127.0.0.1:${lab.port}`,
        connected: true,
        default: false,
        publish_allowed: true,
      },
      {
        connection_id: 'lab-ro',
        profile: 'lab-ro',
        broker: `mqtt://127.0.0.1:${lab.port}`,
        connected: true,
        default: false,
        publish_allowed: false,
      },
      {
        connection_id: 'down',
        profile: 'down',
        broker: `mqtt://127.0.0.1:${downPort}`,
        connected: false,
        default: false,
        publish_allowed: true,
      },
    ]);
    expect(r.profiles_configurable).toBe(true);
    expect(r.note).toMatch(/mqtt_profiles/);
    const rest = await t.get('/api/mqtt/connections');
    expect(rest.status).toBe(200);
    for (const text of [JSON.stringify(r), JSON.stringify(rest.body)]) {
      expect(text).not.toContain(LAB_PASSWORD);
      expect(text).not.toContain(LAB_USER);
    }
    const listed = await client.listTools();
    const publish = listed.tools.find((tool) => tool.name === 'mqtt_publish');
    expect(JSON.stringify(publish?.inputSchema)).toMatch(/"connection".*mqtt_connections/);
  });

  it('a down profile broker holds the start up by its short wait only', () => {
    // the down profile is waited for (side by side with the others), then the start goes on; the rest of the
    // app (database, embedded broker, HTTP) takes a few hundred ms
    expect(startMs).toBeGreaterThanOrEqual(PROFILE_WAIT_MS);
    expect(startMs).toBeLessThan(PROFILE_WAIT_MS + 3_000);
  });

  it('mqtt_publish with a connection reaches that broker only; main stays the default', async () => {
    const onLab = await collect(labClient, 'probe/#');
    const onMain = await collect(t.client, 'probe/#');
    const r = await ok('mqtt_publish', { topic: 'probe/lab', payload: 'hello lab', qos: 1, connection: 'lab' });
    expect(r).toMatchObject({ published: true, connection: 'lab' });
    await eventually(() => onLab.some((m) => m.topic === 'probe/lab' && m.payload === 'hello lab'));
    expect((await ok('mqtt_publish', { topic: 'probe/main', payload: 'hello main', qos: 1 })).connection).toBe('main');
    await eventually(() => onMain.some((m) => m.topic === 'probe/main'));
    // a marker through each connection to each broker: a publish that went astray on any of them would
    // have reached the watching client before it
    await marker(connection('main'), t.client);
    await marker(connection('lab'), labClient);
    await marker(connection('lab-ro'), labClient);
    const probes = (seen: { topic: string }[]) => seen.map((m) => m.topic).filter((x) => x.startsWith('probe/'));
    expect(probes(onMain)).toEqual(['probe/main']);
    expect(probes(onLab)).toEqual(['probe/lab']);

    // the REST route takes the same argument in its body
    const rest = await t.post('/api/mqtt/publish', { topic: 'probe/rest', payload: 'via rest', connection: 'lab' });
    expect(rest.status).toBe(200);
    await eventually(() => onLab.some((m) => m.topic === 'probe/rest'));
  });

  it('publishes no switchyard/status birth or will on a profile broker', async () => {
    // a birth would be retained: a newcomer gets every retained message under switchyard/# (a retained
    // marker behind them, see markers.ts)
    const retained = await retainedUnder(lab.port, 'switchyard/#', { username: LAB_USER, password: LAB_PASSWORD });
    expect([...retained.keys()]).toEqual([]);
  });

  it('a read-only profile refuses mqtt_publish; an unknown connection names the known ids', async () => {
    const onLab = await collect(labClient, 'ro/#');
    expect(await refused('mqtt_publish', { topic: 'ro/x', payload: '1', connection: 'lab-ro' })).toMatch(
      /Connection "lab-ro" is read-only.*publish: false/,
    );
    // published anyway, on either connection to the lab broker, ro/x would come before these markers
    // (the markers go straight through the connections, below the tools' read-only check)
    await marker(connection('lab-ro'), labClient);
    await marker(connection('lab'), labClient);
    expect(onLab).toEqual([]);
    const unknown = await refused('mqtt_publish', { topic: 'ro/x', payload: '1', connection: 'nope' });
    expect(unknown).toMatch(/Unknown connection "nope"\. Known connections: "main", "lab", "lab-ro", "down"/);
    expect(await refused('mqtt_list_topics', { connection: 'nope' })).toMatch(/Unknown connection "nope"/);
    expect(await refused('mqtt_subscribe_collect', { filters: ['#'], duration_s: 1, connection: 'nope' })).toMatch(
      /Unknown connection "nope"/,
    );
    expect(await refused('mqtt_publish', { topic: 'x', payload: '1', connection: 'down' })).toMatch(
      /connection "down" is not connected/,
    );
    const rest = await t.post('/api/mqtt/publish', { topic: 'ro/x', payload: '1', connection: 'nope' });
    expect(rest.status).toBe(400);
    expect(rest.body.message).toMatch(/Known connections: "main"/);
  });

  it('mqtt_subscribe_collect listens on the profile broker, in the call and as a capture', async () => {
    const pending = ok('mqtt_subscribe_collect', {
      filters: ['sensors/#'],
      duration_s: 5,
      max_messages: 2,
      connection: 'lab-ro',
    });
    // both brokers get messages under the filter until the call has collected two
    let n = 0;
    const timer = setInterval(() => {
      void t.client.publishAsync('sensors/main-only', String(++n), { qos: 1 });
      void labClient.publishAsync('sensors/lab', String(n), { qos: 1 });
    }, 100);
    let res: any;
    try {
      res = await pending;
    } finally {
      clearInterval(timer);
    }
    expect(res).toMatchObject({ connection: 'lab-ro', count: 2, ended_by: 'max_messages' });
    expect(res.messages.map((m: { topic: string }) => m.topic)).toEqual(['sensors/lab', 'sensors/lab']);

    const cap = await ok('mqtt_subscribe_collect', {
      filters: ['cap/#'],
      duration_s: 120,
      max_messages: 1,
      connection: 'lab',
    });
    expect(cap).toMatchObject({ capture_id: expect.stringMatching(/^cap_/), status: 'running', connection: 'lab' });
    await t.client.publishAsync('cap/main', 'main', { qos: 1 });
    await labClient.publishAsync('cap/lab', 'lab', { qos: 1 });
    const done = await ok('mqtt_get_capture', { capture_id: cap.capture_id, wait_seconds: 5 });
    expect(done).toMatchObject({
      status: 'done',
      ended_by: 'max_messages',
      total: 1,
      messages: [expect.objectContaining({ topic: 'cap/lab', payload: 'lab' })],
    });

    const rest = await t.post('/api/mqtt/captures', { filters: ['cap2/#'], duration_s: 60, connection: 'lab' });
    expect(rest.status).toBe(202);
    expect(rest.body.connection).toBe('lab');
    await ok('mqtt_get_capture', { capture_id: rest.body.capture_id, stop: true });
  });

  it('mqtt_list_topics on a profile shows that broker’s topics, from its own index', async () => {
    await labClient.publishAsync('garden/soil', '41', { qos: 1, retain: true });
    await t.client.publishAsync('garden/main-only', 'x', { qos: 1 });
    const onLab = await eventually(async () => {
      const r = await ok('mqtt_list_topics', { filter: 'garden/#', connection: 'lab' });
      return r.total === 1 ? r : undefined;
    });
    expect(onLab).toMatchObject({
      connection: 'lab',
      topics: [expect.objectContaining({ topic: 'garden/soil', payload_preview: '41' })],
    });
    await eventually(async () => (await ok('mqtt_list_topics', { filter: 'garden/#' })).total === 1);
    const onMain = await ok('mqtt_list_topics', { filter: 'garden/#' });
    expect(onMain).toMatchObject({
      connection: 'main',
      topics: [expect.objectContaining({ topic: 'garden/main-only' })],
    });
    // the read-only profile on the same broker keeps its own index
    await eventually(
      async () => (await ok('mqtt_list_topics', { filter: 'garden/#', connection: 'lab-ro' })).total === 1,
    );
    expect((await ok('mqtt_list_topics', { connection: 'down' })).total).toBe(0);
    // REST takes the connection as a query parameter
    const rest = await t.get('/api/mqtt/topics?filter=garden/%23&connection=lab');
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ connection: 'lab', topics: [expect.objectContaining({ topic: 'garden/soil' })] });
    expect((await t.get('/api/mqtt/topics?connection=nope')).status).toBe(400);
  });
});

describe('profile connections service', () => {
  it('starts profiles side by side: brokers that are down cost one short wait, then connect in the background', async () => {
    const ports = [await freePort(), await freePort()];
    const settings = parseSettings({
      mqtt_profiles: ports.map((port, i) => ({ name: `p${i}`, url: `mqtt://127.0.0.1:${port}` })),
    });
    const profiles = createProfileConnections(settings, silentLogger, 300);
    const service = profileConnectionsService(profiles, silentLogger);
    const started = Date.now();
    await service.start();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    // not the default 5 s wait per broker: a generous bound, this is about the timeout, not speed
    expect(took).toBeLessThan(3_000);
    expect(profiles.map((p) => p.connection.connected)).toEqual([false, false]);
    const broker = createEmbeddedBroker({ port: ports[1] ?? 0, host: '127.0.0.1', log: silentLogger });
    await broker.start();
    try {
      await eventually(() => profiles[1]?.connection.connected, 10_000);
      expect(profiles[0]?.connection.connected).toBe(false);
    } finally {
      await service.stop();
      await broker.stop();
    }
    expect(profiles.map((p) => p.connection.connected)).toEqual([false, false]);
  });
});
