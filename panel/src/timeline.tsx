// A timeline of an entity's states over a window (on/off, text): consecutive equal states merged into one segment,
// drawn as a bar of proportional widths with the state and its times in each segment's title and accessible name.
export interface Segment {
  state: string;
  from: number;
  to: number;
}

/** States in time order → segments inside [start, end]; each lasts until the next one. */
export function segments(points: readonly { state: string; time: string }[], start: Date, end: Date): Segment[] {
  const out: Segment[] = [];
  const last = end.getTime();
  for (const p of points) {
    const at = Math.max(Date.parse(p.time), start.getTime());
    const prev = out[out.length - 1];
    if (prev) prev.to = at;
    if (prev && prev.state === p.state) continue;
    out.push({ state: p.state, from: at, to: last });
  }
  return out;
}

/** on/off get Home Assistant's colours; other states a stable colour from their text. */
function color(state: string): string {
  if (state === 'on' || state === 'open' || state === 'home' || state === 'unlocked') return 'var(--primary)';
  if (state === 'off' || state === 'closed' || state === 'not_home' || state === 'locked') return 'var(--off)';
  if (state === 'unavailable' || state === 'unknown') return 'var(--unavailable)';
  let h = 0;
  for (const c of state) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 55%)`;
}

export function Timeline(props: { name: string; entityId: string; segments: readonly Segment[] }) {
  const first = props.segments[0];
  const lastSeg = props.segments[props.segments.length - 1];
  const span = first && lastSeg ? lastSeg.to - first.from || 1 : 1;
  const time = (t: number) => new Date(t).toLocaleString();
  return (
    <figure class="timeline" data-testid={`timeline-${props.entityId}`}>
      <figcaption>{props.name}</figcaption>
      {props.segments.length === 0 ? (
        <p class="sub">No states recorded in this window.</p>
      ) : (
        <ul class="bar">
          {props.segments
            .filter((s) => (s.to - s.from) / span >= 0.0005)
            .map((s) => (
              <li
                key={s.from}
                class="segment"
                style={{ flexGrow: s.to - s.from, background: color(s.state) }}
                title={`${s.state}: ${time(s.from)} – ${time(s.to)}`}
                aria-label={`${s.state} from ${time(s.from)} to ${time(s.to)}`}
              >
                {s.state}
              </li>
            ))}
        </ul>
      )}
    </figure>
  );
}
