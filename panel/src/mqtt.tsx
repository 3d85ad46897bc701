// The MQTT explorer (#/mqtt): the topics Switchyard has heard since it started (GET /api/mqtt/topics), as a tree by
// topic level with each topic's last payload, whether it came retained, how many messages and when; and a publish box
// (POST /api/mqtt/publish: the same validation as the API and the MCP tool, no wildcards, bounded size).
import { useEffect, useState } from 'preact/hooks';
import { get, post, query } from './api.js';

interface Topic {
  topic: string;
  retained: boolean;
  count: number;
  last_seen: string;
  bytes: number;
  payload_preview?: string;
  encoding?: 'utf8' | 'base64';
  truncated?: boolean;
}
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
    <span class="leaf" data-topic={t.topic}>
      {t.retained && <span class="badge">retained</span>} <code>{t.payload_preview ?? ''}</code>
      {t.truncated && '…'}{' '}
      <span class="sub">
        {t.count}× · {new Date(t.last_seen).toLocaleTimeString()} · {t.bytes} B
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
  const [topics, setTopics] = useState<Topic[] | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [note, setNote] = useState('');
  const [form, setForm] = useState({ topic: '', payload: '', qos: 0, retain: false });
  const load = () =>
    get<{ topics: Topic[] }>(`/api/mqtt/topics${query({ search: search || undefined, limit: 500 })}`).then(
      (r) => setTopics(r.topics),
      (e: Error) => setNote(e.message),
    );
  useEffect(() => {
    void load();
  }, [search]);
  const publish = (e: Event) => {
    e.preventDefault();
    post('/api/mqtt/publish', form).then(
      () => {
        setNote(`published to ${form.topic}`);
        void load();
      },
      (err: Error) => setNote(`not published: ${err.message}`),
    );
  };
  const root = topics && tree(topics);
  const all = search !== '' || (topics?.length ?? 0) <= 50;
  return (
    <section aria-labelledby="mqtt-title">
      <h2 id="mqtt-title">MQTT explorer</h2>
      <p>
        <label>
          Search topics{' '}
          <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </label>{' '}
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>{' '}
        <span class="sub">{topics ? `${topics.length} topics` : 'loading…'}</span>
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
