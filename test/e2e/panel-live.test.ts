// The panel's MQTT explorer and log view live (issue 20), in headless Chromium (Debian's, through playwright-core)
// behind a stand-in for Home Assistant's ingress proxy, against the whole app on its real embedded broker with real
// mqtt.js clients: a message published appears in the open explorer without a click, the broker's retained copy
// shows its flag, a flood is coalesced (the SSE updates the server sent counted against the messages), and once the
// page is closed nothing listens any more (/api/system/status). The log view shows a line logged after it opened,
// redacted, and the level chosen is applied by the server.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { marker, until } from '../helpers/markers.js';
import { eventually } from '../helpers/net.js';
import { CHROMIUM } from '../helpers/optional-tools.js';
import { ensurePanelBuilt, launch, openPanel } from '../helpers/panel-browser.js';
import { openEvents, topicUpdates } from '../helpers/sse-client.js';

const cleanup: (() => unknown)[] = [];
if (CHROMIUM !== undefined) ensurePanelBuilt();
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const processFigures = async (t: TestApp) => (await t.get('/api/system/status')).body.process;

describe.skipIf(CHROMIUM === undefined)('the MQTT explorer live', () => {
  it('shows messages as they arrive, coalesces a flood, and leaves nothing listening once closed', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const idle = await processFigures(t);
    // the page's live states are one state_changed listener (other bus listeners come and stay: the intents' index)
    const stateListeners = () => t.app.bus.listenerCount('state_changed');
    const idleStateListeners = stateListeners();
    expect(idle.live_listeners).toBe(0);
    const browser = await launch(cleanup);
    const page = await openPanel(cleanup, browser, t, '#/mqtt');
    await page.locator('[data-testid="mqtt-live"][data-status="live"][data-filter="#"]').waitFor();
    expect((await processFigures(t)).live_listeners).toBe(1);
    expect(stateListeners()).toBe(idleStateListeners + 1);

    // published while the explorer is open: there without a click, live publishes unflagged (MQTT 3.1.1 §3.3.1.3)
    await t.client.publishAsync('garden/pump/state', 'ON', { qos: 1, retain: true });
    const leaf = page.locator('[data-testid="mqtt-topic"][data-topic="garden/pump/state"]');
    await leaf.getByTestId('mqtt-payload').getByText('ON', { exact: true }).waitFor();
    expect(await leaf.getByTestId('mqtt-count').textContent()).toBe('1');
    expect(await leaf.getByTestId('mqtt-retained').count()).toBe(0);
    // a new subscription (a capture started through the API) makes the broker send its retained copy: flagged
    expect((await t.post('/api/mqtt/captures', { filters: ['garden/#'], duration_s: 1 })).status).toBe(202);
    await leaf.getByTestId('mqtt-retained').waitFor();
    await leaf.getByTestId('mqtt-count').getByText('2', { exact: true }).waitFor();

    // a flood: 5 topics, 5,000 msg/s together for 2 s, counted by a second client of the same stream
    const counter = await openEvents(t.app.http.port, '/api/events/mqtt?filter=flood%2F%23');
    cleanup.push(() => counter.close());
    await until(() => counter.events.some((e) => e.event === 'ready'), 'the counting stream never opened');
    const topics = ['flood/a', 'flood/b', 'flood/c', 'flood/d', 'flood/e'];
    const perTopic = 2_000;
    const started = performance.now();
    await new Promise<void>((done) => {
      let sent = 0;
      // load generation, not a wait: 10 messages per topic every 10 ms
      const pace = setInterval(() => {
        for (let i = 0; i < 10; i++, sent++) for (const topic of topics) t.client.publish(topic, String(sent + 1));
        if (sent >= perTopic) {
          clearInterval(pace);
          done();
        }
      }, 10);
    });
    await marker(t.client, t.app.mqtt);
    const seconds = (performance.now() - started) / 1000;
    const last = (topic: string) => topicUpdates(counter).findLast((u) => u.topic === topic);
    await until(() => topics.every((topic) => last(topic)?.count === perTopic), 'the flood never ended', 10_000);
    await page
      .locator('[data-testid="mqtt-topic"][data-topic="flood/a"] [data-testid="mqtt-count"]')
      .getByText(String(perTopic), { exact: true })
      .waitFor();
    const batches = counter.events.filter((e) => e.event === 'topics').length;
    const updates = topics.map((topic) => topicUpdates(counter).filter((u) => u.topic === topic).length);
    // at most one update per topic and batch, and far fewer than the messages
    for (const n of updates) expect(n).toBeLessThanOrEqual(batches);
    expect(updates.reduce((a, b) => a + b) * 20).toBeLessThan(topics.length * perTopic);
    expect(last('flood/c')).toMatchObject({ payload_preview: String(perTopic), truncated: false });
    console.log(
      `flood: ${topics.length * perTopic} messages in ${seconds.toFixed(2)} s ` +
        `(${Math.round((topics.length * perTopic) / seconds)} msg/s), ${batches} SSE events, ` +
        `updates per topic ${updates.join('/')} = ${(Math.max(...updates) / seconds).toFixed(1)}/s per topic at most`,
    );

    counter.close();
    await page.close();
    const closed = await eventually(async () => {
      const now = await processFigures(t);
      return now.live_listeners === 0 && stateListeners() === idleStateListeners && now;
    });
    // for the record (not asserted: the test's own browser process and proxy are still running, and the intents'
    // index adds its bus listeners once, on first use)
    console.log(
      `before the page / after it closed: bus listeners ${idle.bus_listeners} / ${closed.bus_listeners}, ` +
        `active resources ${idle.active_resources} / ${closed.active_resources}, live listeners 0`,
    );
  }, 90_000);

  it('narrows the tree to an MQTT filter typed with the keyboard, and names a bad one', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const browser = await launch(cleanup);
    const page = await openPanel(cleanup, browser, t, '#/mqtt');
    await page.locator('[data-testid="mqtt-live"][data-status="live"]').waitFor();
    const filter = page.getByLabel('Topic filter');
    await filter.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('kitchen/+/temperature');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="mqtt-live"][data-status="live"][data-filter="kitchen/+/temperature"]').waitFor();
    await t.client.publishAsync('hall/sensor/temperature', '19.0', { qos: 1 });
    await t.client.publishAsync('kitchen/sensor/temperature', '21.5', { qos: 1 });
    await page.locator('[data-topic="kitchen/sensor/temperature"]').getByText('21.5').waitFor();
    // the hall topic came first on the same connection: had it matched, it would be there already
    expect(await page.locator('[data-topic="hall/sensor/temperature"]').count()).toBe(0);

    await filter.fill('kitchen+');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('mqtt-error')
      .getByText(/'\+' must be a whole level/)
      .waitFor();
    expect(await page.locator('[data-testid="mqtt-live"]').getAttribute('data-status')).toBe('failed');
  }, 60_000);
});

describe.skipIf(CHROMIUM === undefined)('the log view live', () => {
  it('shows a line logged after it opened, redacted, at the level the server applies', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const browser = await launch(cleanup);
    const page = await openPanel(cleanup, browser, t, '#/logs');
    await page.locator('[data-testid="log-live"][data-status="live"][data-level="info"]').waitFor();
    const log = page.getByTestId('log');
    await log.getByText('switchyard started').waitFor();
    const test = t.app.log.child({ part: 'test' });
    test.info('an info line written after the page opened');
    test.warn('the broker mqtt://user:hunter2@broker:1883 refused the login');
    await log.getByText('an info line written after the page opened').waitFor();
    await log.getByText(/the broker mqtt:\/\/.* refused the login/).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
    expect(await log.innerText()).not.toContain('hunter2');

    await page.getByLabel('Level').selectOption('warn');
    await page.locator('[data-testid="log-live"][data-status="live"][data-level="warn"]').waitFor();
    await log.getByText(/refused the login/).waitFor();
    expect(await log.getByText('an info line written after the page opened').count()).toBe(0);
    test.info('an info line after the level changed');
    test.warn('a warning after the level changed');
    await log.getByText('a warning after the level changed').waitFor();
    // logged before the warning and sent in order: at info it would be there already
    expect(await log.getByText('an info line after the level changed').count()).toBe(0);
    const levels = await page.getByTestId('log-entry').evaluateAll((li) => li.map((e) => e.getAttribute('data-level')));
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => l === 'warn' || l === 'error')).toBe(true);
  }, 60_000);
});
