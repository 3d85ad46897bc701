// The MQTT explorer (#/mqtt): the topics Switchyard has heard since it started, as a tree by topic level with each
// topic's last payload, whether it came retained, how many messages and when — live: updates arrive over
// GET /api/events/mqtt as messages do (mqtt-live.ts), for the topics matching an MQTT filter; and a publish box
// (POST /api/mqtt/publish: the same validation as the API and the MCP tool, no wildcards, bounded size).
import { useState } from 'preact/hooks';
import { post } from './api.js';
import { MAX_TOPICS, type Topic, useLiveTopics } from './mqtt-live.js';

interface Node {
  name: string;
  path: string;
  topic?: Topic;
  children: Map<string, Node>;
}

function tree(topics: readonly Topic[]): Node {
  const root: Node = { name: '', path: '', children: new Map() };
  for (const t of topics) {
    let node = root;
    for (const level of t.topic.split('/')) {
      let next = node.children.get(level);
      if (!next) {
        next = { name: level, path: node.path ? `${node.path}/${level}` : level, children: new Map() };
        node.children.set(level, next);
      }
      node = next;
    }
    node.topic = t;
  }
  return root;
}

const count = (n: Node): number => (n.topic ? 1 : 0) + [...n.children.values()].reduce((s, c) => s + count(c), 0);

function Leaf({ t }: { t: Topic }) {
  return (
    <span class="leaf" data-testid="mqtt-topic" data-topic={t.topic}>
      {t.retained && (
        <span class="badge" data-testid="mqtt-retained">
          retained
        </span>
      )}{' '}
      <code data-testid="mqtt-payload">{t.payload_preview ?? ''}</code>
      {t.truncated && <span title="cut: the payload is longer">…</span>}
      {t.encoding === 'base64' && <span class="sub"> (base64)</span>}{' '}
      <span class="sub">
        <span data-testid="mqtt-count">{t.count}</span>× · {new Date(t.last_seen).toLocaleTimeString()} · {t.bytes} B
      </span>
    </span>
  );
}

/** `open`: this branch starts open; `all`: every branch below it too (a search, or a small tree). */
function Branch({ node, open, all }: { node: Node; open: boolean; all: boolean }) {
  const kids = [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (kids.length === 0)
    return (
      <li>
        {node.name} {node.topic && <Leaf t={node.topic} />}
      </li>
    );
  return (
    <li>
      <details open={open}>
        <summary>
          {node.name} <span class="sub">({count(node)})</span> {node.topic && <Leaf t={node.topic} />}
        </summary>
        <ul class="tree">
          {kids.map((k) => (
            <Branch key={k.path} node={k} open={all} all={all} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function MqttView() {
  const [filter, setFilter] = useState('#');
  const [draft, setDraft] = useState('#');
  const [search, setSearch] = useState('');
  const [note, setNote] = useState('');
  const [form, setForm] = useState({ topic: '', payload: '', qos: 0, retain: false });
  const live = useLiveTopics(filter, search);
  const publish = (e: Event) => {
    e.preventDefault();
    post('/api/mqtt/publish', form).then(
      () => setNote(`published to ${form.topic}`),
      (err: Error) => setNote(`not published: ${err.message}`),
    );
  };
  const needle = search.toLowerCase();
  const topics = live ? [...live.topics.values()].filter((t) => !needle || t.topic.toLowerCase().includes(needle)) : [];
  const root = live && tree(topics);
  const all = search !== '' || topics.length <= 50;
  return (
    <section aria-labelledby="mqtt-title">
      <h2 id="mqtt-title">MQTT explorer</h2>
      <form
        class="toolbar"
        aria-label="Filter topics"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft.trim() || '#');
        }}
      >
        <label>
          Topic filter{' '}
          <input type="text" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Apply</button>
        <label>
          Search topics{' '}
          <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" onClick={() => void live?.reload(search)}>
          Refresh
        </button>
      </form>
      <p class="sub">
        <span data-testid="mqtt-live" data-status={live?.status ?? 'connecting'} data-filter={live?.filter}>
          {live?.status === 'live' ? '● live' : (live?.status ?? 'connecting')}
        </span>{' '}
        · <span data-testid="mqtt-topic-count">{topics.length}</span> topics
        {live?.full && ` (the first ${MAX_TOPICS}: narrow the filter)`}
        {live && live.dropped > 0 && (
          <span data-testid="mqtt-dropped"> · {live.dropped} updates dropped (slow connection), list reloaded</span>
        )}{' '}
        <span role="status" class="error" data-testid="mqtt-error">
          {live?.note}
        </span>
      </p>
      {root && (
        <ul class="tree" data-testid="mqtt-tree">
          {[...root.children.values()]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((n) => (
              <Branch key={n.path} node={n} open={all || root.children.size < 8} all={all} />
            ))}
        </ul>
      )}
      <form class="publish" onSubmit={publish} aria-label="Publish a message">
        <h3>Publish</h3>
        <label>
          Topic{' '}
          <input
            required
            value={form.topic}
            onInput={(e) => setForm({ ...form, topic: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          Payload{' '}
          <textarea
            value={form.payload}
            onInput={(e) => setForm({ ...form, payload: (e.target as HTMLTextAreaElement).value })}
          />
        </label>
        <label>
          QoS{' '}
          <select
            value={form.qos}
            onChange={(e) => setForm({ ...form, qos: Number((e.target as HTMLSelectElement).value) })}
          >
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={form.retain}
            onChange={(e) => setForm({ ...form, retain: (e.target as HTMLInputElement).checked })}
          />{' '}
          Retain
        </label>
        <button type="submit">Publish</button>{' '}
        <span role="status" data-testid="mqtt-status">
          {note}
        </span>
      </form>
    </section>
  );
}
