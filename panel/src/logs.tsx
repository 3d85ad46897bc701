// The log (#/logs): the last entries Switchyard kept (GET /api/logs), at a chosen level or above, with a search;
// while the view is open it asks every 2 s for what came after the last entry it has (nothing when it is closed).
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from './api.js';

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

export function LogsView() {
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('info');
  const [search, setSearch] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [note, setNote] = useState('');
  const last = useRef(0);
  useEffect(() => {
    last.current = 0;
    setEntries([]);
    let stopped = false;
    const fetchMore = () =>
      get<{ entries: Entry[]; last_id: number }>(
        `/api/logs${query({ level, search: search || undefined, after: last.current, limit: SHOWN })}`,
      ).then(
        (r) => {
          if (stopped) return;
          last.current = r.last_id;
          if (r.entries.length > 0) setEntries((old) => [...old, ...r.entries].slice(-SHOWN));
          setNote('');
        },
        (e: Error) => setNote(e.message),
      );
    void fetchMore();
    const timer = setInterval(fetchMore, 2_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
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
          Search <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </label>{' '}
        <span role="status">{note}</span>
      </p>
      <ol class="log" data-testid="log">
        {entries.map((e) => (
          <li key={e.id} class={`log-${e.level}`}>
            <span class="sub">{new Date(e.time).toLocaleTimeString()}</span> <strong>{e.level}</strong>
            {e.part && <span class="sub"> [{e.part}]</span>} {e.msg}
            {Object.keys(e.fields).length > 0 && <code class="sub"> {JSON.stringify(e.fields)}</code>}
          </li>
        ))}
      </ol>
    </section>
  );
}
