// What a person can do with an entity, by domain, each through POST /api/actions/{domain}/{action} (the command
// path REST, MCP and automations share): on/off, brightness, a value, an option, a cover's position, a climate
// setpoint, pressing a button. Every control is a real button or input with a label; errors are shown beside it.
import { useState } from 'preact/hooks';
import { act } from './api.js';
import type { EntityRow } from './live.js';

const ON_OFF = new Set(['light', 'switch', 'fan', 'input_boolean', 'siren', 'humidifier', 'automation', 'group']);
const PRESS = new Map([
  ['button', 'press'],
  ['input_button', 'press'],
  ['scene', 'turn_on'],
  ['script', 'turn_on'],
]);

const num = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Runs one action; remembers its error, shown next to the control. */
function useAction(row: EntityRow) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (action: string, data: Record<string, unknown> = {}, domain = row.domain) => {
    setBusy(true);
    setError('');
    act(row.entity_id, domain, action, data)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return { run, error, busy };
}

/** The quick control shown in the list: a switch for on/off domains, a button for buttons and scenes. */
export function QuickControl({ row }: { row: EntityRow }) {
  const { run, error, busy } = useAction(row);
  const label = row.name ?? row.entity_id;
  const problem = error && (
    <span class="error" role="alert">
      {error}
    </span>
  );
  if (ON_OFF.has(row.domain) || row.domain === 'lock') {
    const lock = row.domain === 'lock';
    const on = lock ? row.state === 'locked' : row.state === 'on';
    const action = lock ? (on ? 'unlock' : 'lock') : on ? 'turn_off' : 'turn_on';
    return (
      <span class="quick">
        <button
          type="button"
          role="switch"
          aria-checked={on}
          class={`toggle${on ? ' on' : ''}`}
          disabled={busy || !row.available}
          aria-label={`${label}: ${lock ? (on ? 'unlock' : 'lock') : on ? 'turn off' : 'turn on'}`}
          data-testid={`toggle-${row.entity_id}`}
          onClick={() => run(action)}
        >
          <span class="knob" />
        </button>
        {problem}
      </span>
    );
  }
  const press = PRESS.get(row.domain);
  if (press) {
    return (
      <span class="quick">
        <button type="button" class="text" disabled={busy || !row.available} onClick={() => run(press)}>
          {row.domain === 'button' || row.domain === 'input_button' ? 'Press' : 'Run'}
        </button>
        {problem}
      </span>
    );
  }
  return null;
}

/** A range with its own label, applied when released (not on every step). */
function Range(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onSet(v: number): void;
}) {
  const [value, setValue] = useState<number | undefined>(undefined);
  const shown = value ?? props.value;
  return (
    <label class="field">
      <span>
        {props.label}: {shown}
      </span>
      <input
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={shown}
        onInput={(e) => setValue(Number(e.currentTarget.value))}
        onChange={(e) => {
          props.onSet(Number(e.currentTarget.value));
          setValue(undefined);
        }}
      />
    </label>
  );
}

/** One parameter of an action, as GET /api/entities/{id} lists them under `actions` (core/commands.ts ParamSpec). */
export interface ParamSpec {
  type: string;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  options?: string[];
}

/** What the entity accepts: action → its parameters. */
export type Actions = Record<string, { description: string; params: Record<string, ParamSpec> }>;

/** A number or text field with a Set button (Enter sets too). */
function ValueField(props: { label: string; spec: ParamSpec; value: string; busy: boolean; onSet(v: string): void }) {
  const [text, setText] = useState<string | undefined>(undefined);
  const number = props.spec.type === 'number';
  const set = () => {
    if (text !== undefined) props.onSet(text);
  };
  return (
    <label class="field">
      <span>{props.label}</span>
      {number ? (
        <input
          type="number"
          min={props.spec.min}
          max={props.spec.max}
          step={props.spec.step ?? 'any'}
          value={text ?? props.value}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && set()}
        />
      ) : (
        <input
          type="text"
          value={text ?? props.value}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && set()}
        />
      )}
      <button type="button" disabled={props.busy || text === undefined} onClick={set}>
        Set
      </button>
    </label>
  );
}

/** The full controls, shown when an entity is opened: built from the actions it accepts and their ranges. */
export function Controls({ row, actions }: { row: EntityRow; actions: Actions }) {
  const { run, error, busy } = useAction(row);
  const a = row.attributes ?? {};
  const param = (action: string, name: string): ParamSpec | undefined => actions[action]?.params[name];
  const controls = [];
  const brightness = param('turn_on', 'brightness_pct');
  if (brightness) {
    const pct = Math.round((num(a['brightness'], 0) / 255) * 100);
    controls.push(
      <Range
        label="Brightness %"
        value={pct}
        min={brightness.min ?? 0}
        max={brightness.max ?? 100}
        step={brightness.step ?? 1}
        onSet={(v) => run('turn_on', { brightness_pct: v })}
      />,
    );
  }
  const value = param('set_value', 'value');
  if (value && (value.type === 'number' || value.type === 'string')) {
    controls.push(
      <ValueField
        label={`Value${value.unit ? ` (${value.unit})` : ''}`}
        spec={value}
        value={row.state}
        busy={busy}
        onSet={(v) => run('set_value', { value: value.type === 'number' ? Number(v) : v })}
      />,
    );
  }
  const option = param('select_option', 'option');
  if (option?.options) {
    controls.push(
      <label class="field">
        <span>Option</span>
        <select
          value={row.state}
          disabled={busy}
          onChange={(e) => run('select_option', { option: e.currentTarget.value })}
        >
          {option.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>,
    );
  }
  const kind = row.domain === 'valve' ? 'valve' : 'cover';
  const moves = [`open_${kind}`, `stop_${kind}`, `close_${kind}`].filter((m) => actions[m]);
  if (moves.length > 0) {
    controls.push(
      <span class="buttons">
        {moves.map((m) => (
          <button key={m} type="button" disabled={busy} onClick={() => run(m)}>
            {m.split('_')[0]?.replace(/^./, (c) => c.toUpperCase())}
          </button>
        ))}
      </span>,
    );
  }
  const position = param(`set_${kind}_position`, 'position');
  if (position) {
    controls.push(
      <Range
        label="Position %"
        value={num(a['current_position'], 0)}
        min={position.min ?? 0}
        max={position.max ?? 100}
        step={position.step ?? 1}
        onSet={(v) => run(`set_${kind}_position`, { position: v })}
      />,
    );
  }
  const setpoint = param('set_temperature', 'temperature');
  if (setpoint) {
    const min = setpoint.min ?? 7;
    controls.push(
      <Range
        label={`Setpoint${setpoint.unit ? ` ${setpoint.unit}` : ''}`}
        value={num(a['temperature'], min)}
        min={min}
        max={setpoint.max ?? 35}
        step={setpoint.step ?? 0.5}
        onSet={(v) => run('set_temperature', { temperature: v })}
      />,
    );
  }
  if (controls.length === 0) return null;
  return (
    <div class="controls">
      {controls}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
