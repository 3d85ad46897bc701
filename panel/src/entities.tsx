// Entities: search as you type over name, id, area, domain and state, live states, quick on/off, and an entity
// opened in place with its full controls, attributes and a link to its history.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get } from './api.js';
import { type Actions, Controls, QuickControl } from './controls.js';
import { type EntityRow, type LiveEntities, useLive } from './live.js';

/** rows shown at once; a search narrows the rest */
const SHOWN = 200;

/** Every word of the search appears in the name, id, area, domain or state. */
export function matches(row: EntityRow, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const text = [row.name ?? '', row.entity_id, row.area ?? '', row.domain, row.state].join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}

export const searchWords = (text: string): string[] => text.toLowerCase().split(/\s+/).filter(Boolean);

export function StateText({ row }: { row: EntityRow }) {
  if (!row.available) return <span class="badge bad">unavailable</span>;
  return (
    <span class="state" data-testid={`state-${row.entity_id}`}>
      {row.state}
      {row.unit ? ` ${row.unit}` : ''}
    </span>
  );
}

function Details({ row, live }: { row: EntityRow; live: LiveEntities }) {
  const [error, setError] = useState('');
  const [actions, setActions] = useState<Actions>({});
  useEffect(() => {
    get<{ attributes: Record<string, unknown>; actions: Actions }>(`/api/entities/${encodeURIComponent(row.entity_id)}`)
      .then((d) => {
        live.details(row.entity_id, d.attributes);
        setActions(d.actions);
      })
      .catch((err: unknown) => setError(String(err)));
  }, [row.entity_id, live]);
  const attributes = Object.entries(row.attributes ?? {});
  return (
    <div class="details" id={`details-${row.entity_id}`}>
      <Controls row={row} actions={actions} />
      <p>
        <a href={`#/history?ids=${encodeURIComponent(row.entity_id)}`}>History</a>
        {row.device_id && (
          <>
            {' · '}
            <a href={`#/device/${encodeURIComponent(row.device_id)}`}>Device</a>
          </>
        )}
        {row.last_changed && <span class="sub"> · changed {new Date(row.last_changed).toLocaleString()}</span>}
      </p>
      {error && <p class="error">{error}</p>}
      {attributes.length > 0 && (
        <dl class="attributes">
          {attributes.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** One entity in a list; opened, it shows its details below. */
export function EntityItem({ row, live }: { row: EntityRow; live: LiveEntities }) {
  const [open, setOpen] = useState(false);
  return (
    <li class={`entity${row.available ? '' : ' unavailable'}`} data-testid={`entity-${row.entity_id}`}>
      <div class="line">
        <button
          type="button"
          class="name"
          aria-expanded={open}
          aria-controls={`details-${row.entity_id}`}
          onClick={() => setOpen(!open)}
        >
          <span>{row.name ?? row.entity_id}</span>
          <span class="sub">
            {row.entity_id}
            {row.area ? ` · ${row.area}` : ''}
          </span>
        </button>
        <StateText row={row} />
        <QuickControl row={row} />
      </div>
      {open && <Details row={row} live={live} />}
    </li>
  );
}

export function EntitiesView({ live }: { live: LiveEntities }) {
  useLive(live);
  const [search, setSearch] = useState('');
  const words = useMemo(() => searchWords(search), [search]);
  const all = [...live.rows.values()];
  const found = all.filter((r) => matches(r, words)).sort((a, b) => a.entity_id.localeCompare(b.entity_id));
  return (
    <section aria-labelledby="entities-title">
      <h2 id="entities-title">Entities</h2>
      <label class="search">
        <span>Search entities</span>
        <input
          type="search"
          data-testid="entity-search"
          placeholder="name, id, area, domain or state"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </label>
      <p class="sub" aria-live="polite" data-testid="entity-count">
        {found.length} of {all.length} entities
        {found.length > SHOWN ? ` (first ${SHOWN} shown: narrow the search)` : ''}
      </p>
      <ul class="list">
        {found.slice(0, SHOWN).map((row) => (
          <EntityItem key={row.entity_id} row={row} live={live} />
        ))}
      </ul>
    </section>
  );
}
