// The log (#/logs): the last entries Switchyard kept and then each new one as it is logged, pushed over
// GET /api/events/logs (Server-Sent Events; the server applies the level and the search and redacts as it keeps),
// at a chosen level or above. Nothing is asked while the view is closed: closing it closes the stream.
import { useEffect, useRef, useState } from 'preact/hooks';
import { BASE, query } from './api.js';

interface Entry {
  id: number;
  time: string;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  part: string | null;
  msg: string;
  fields: Record<string, unknown>;
}
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const SHOWN = 500;
type Status = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** `text` once it has stayed the same for `ms` (a search typed letter by letter opens one stream, not ten) */
function useSettled(text: string, ms: number): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

export function LogsView() {
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('info');
  const [typed, setTyped] = useState('');
  const search = useSettled(typed, 300);
  const [entries, setEntries] = useState<Entry[]>([]);
  // the stream's state, for the level and search it was opened with (a change shows 'connecting' at once)
  const key = `${level}|${search}`;
  const [stream, setStream] = useState<{ key: string; status: Status }>({ key: '', status: 'connecting' });
  const status = stream.key === key ? stream.status : 'connecting';
  const [dropped, setDropped] = useState(0);
  const last = useRef(0);
  useEffect(() => {
    last.current = 0;
    setEntries([]);
    setDropped(0);
    const source = new EventSource(
      `${BASE}/api/events/logs${query({ level, search: search || undefined, limit: SHOWN })}`,
    );
    source.addEventListener('ready', () => setStream({ key, status: 'live' }));
    source.addEventListener('logs', (e) => {
      const batch = JSON.parse((e as MessageEvent<string>).data) as { entries: Entry[]; dropped: number };
      // after a reconnect the server goes on from the last id it sent; anything seen already is left out
      const fresh = batch.entries.filter((x) => x.id > last.current);
      if (fresh.length > 0) {
        last.current = fresh[fresh.length - 1]?.id ?? last.current;
        setEntries((old) => [...old, ...fresh].slice(-SHOWN));
      }
      setDropped(batch.dropped);
    });
    source.addEventListener('error', () =>
      setStream({ key, status: source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting' }),
    );
    return () => source.close();
  }, [level, search]);
  return (
    <section aria-labelledby="logs-title">
      <h2 id="logs-title">Log</h2>
      <p>
        <label>
          Level{' '}
          <select value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value as typeof level)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Search <input type="search" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </label>{' '}
        <span role="status" class="sub" data-testid="log-live" data-status={status} data-level={level}>
          {status === 'live' ? '● live' : status}
          {dropped > 0 && ` · ${dropped} entries dropped (slow connection)`}
        </span>
      </p>
      <ol class="log" data-testid="log">
        {entries.map((e) => (
          <li key={e.id} class={`log-${e.level}`} data-testid="log-entry" data-level={e.level}>
            <span class="sub">{new Date(e.time).toLocaleTimeString()}</span> <strong>{e.level}</strong>
            {e.part && <span class="sub"> [{e.part}]</span>} {e.msg}
            {Object.keys(e.fields).length > 0 && <code class="sub"> {JSON.stringify(e.fields)}</code>}
          </li>
        ))}
      </ol>
    </section>
  );
}
