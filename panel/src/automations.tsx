// Automations: the list with enable/disable/run and each one's last run (#/automations), the folder's problems at
// file:line:col, and the editor of one file (#/edit/<name>, #/edit/ for a new one): the YAML with the server's live
// diagnostics at their line, then save (PUT /api/automations/files/<name>, guarded by the hash read) and reload.
import { useEffect, useState } from 'preact/hooks';
import { get, post, call } from './api.js';
import type { Problem, YamlEditor as Editor } from './yaml-editor.js';

interface Automation {
  id: string;
  alias: string;
  enabled: boolean;
  mode: string;
  file: string;
  line: number;
  last_ran: string | null;
  last_outcome: string | null;
  last_error: string | null;
  running: number;
}
interface FolderProblem extends Problem {
  file: string;
  automation_id?: string;
}
interface Validation {
  ok: boolean;
  ids: string[];
  diagnostics: Problem[];
  current: { file: string; hash: string; text: string } | null;
}

/** The editable name of a file of the folder ("porch.yaml" → "porch"), or undefined (a subfolder, an include). */
export const editableName = (file: string): string | undefined =>
  /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.ya?ml$/.exec(file)?.[1];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function AutomationsView() {
  const [list, setList] = useState<Automation[] | undefined>(undefined);
  const [problems, setProblems] = useState<FolderProblem[]>([]);
  const [note, setNote] = useState('');
  const load = () => {
    get<{ automations: Automation[] }>('/api/automations').then(
      (r) => setList(r.automations),
      (e: Error) => setNote(e.message),
    );
    get<{ diagnostics: FolderProblem[] }>('/api/automations/diagnostics').then(
      (r) => setProblems(r.diagnostics),
      () => undefined,
    );
  };
  useEffect(load, []);
  const act = (what: string, path: string) =>
    post(path).then(
      () => {
        setNote(what);
        load();
      },
      (e: Error) => setNote(e.message),
    );
  return (
    <section aria-labelledby="automations-title">
      <h2 id="automations-title">Automations</h2>
      <p>
        <a href="#/edit/">New automation file</a> ·{' '}
        <button type="button" onClick={() => act('reloaded', '/api/automations/reload')}>
          Reload the folder
        </button>{' '}
        <span role="status">{note}</span>
      </p>
      {problems.length > 0 && (
        <ul class="problems" aria-label="Problems in the automations folder">
          {problems.map((p) => (
            <li key={`${p.file}:${p.line}:${p.column}:${p.message}`} class={p.severity}>
              {editableName(p.file) ? <a href={`#/edit/${editableName(p.file)}`}>{p.file}</a> : p.file}:{p.line}:
              {p.column} {p.message}
              {p.hint ? ` (${p.hint})` : ''}
            </li>
          ))}
        </ul>
      )}
      {list === undefined ? (
        <p>Loading…</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th>Automation</th>
              <th>Last run</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-automation={a.id}>
                <td>
                  <strong>{a.alias}</strong> <span class="sub">{a.id}</span>
                  <br />
                  <span class="sub">
                    {a.file}:{a.line} · {a.mode}
                    {a.enabled ? '' : ' · disabled'}
                  </span>
                </td>
                <td>
                  {when(a.last_ran)} {a.last_outcome && <span class="sub">({a.last_outcome})</span>}
                  {a.last_error && <div class="error">{a.last_error}</div>}
                </td>
                <td class="actions">
                  <button
                    type="button"
                    onClick={() => act(`${a.alias} started`, `/api/automations/${encodeURIComponent(a.id)}/trigger`)}
                  >
                    Run
                  </button>
                  <button
                    type="button"
                    aria-pressed={a.enabled}
                    onClick={() =>
                      act(
                        `${a.alias} ${a.enabled ? 'disabled' : 'enabled'}`,
                        `/api/automations/${encodeURIComponent(a.id)}/${a.enabled ? 'disable' : 'enable'}`,
                      )
                    }
                  >
                    {a.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <a href={`#/traces/${encodeURIComponent(a.id)}`}>Traces</a>
                  {editableName(a.file) && <a href={`#/edit/${editableName(a.file)}`}>Edit</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const TEMPLATE = `- id: my_automation
  alias: My automation
  triggers:
    - trigger: state
      entity_id: binary_sensor.example
      to: "on"
  actions:
    - action: light.turn_on
      target:
        entity_id: light.example
`;

/** The editor's code (CodeMirror) comes in its own chunk, fetched when an editor first opens. */
function useEditor(): typeof Editor | undefined {
  const [editor, setEditor] = useState<typeof Editor | undefined>(undefined);
  useEffect(() => {
    import('./yaml-editor.js').then((m) => setEditor(() => m.YamlEditor));
  }, []);
  return editor;
}

export function AutomationEditor({ name: given }: { name: string }) {
  const YamlEditor = useEditor();
  const [name, setName] = useState(given);
  const [text, setText] = useState<string | undefined>(given ? undefined : TEMPLATE);
  const [hash, setHash] = useState<string | undefined>(undefined);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!given) return;
    post<Validation>('/api/automations/validate', { name: given }).then(
      (v) => {
        setText(v.current?.text ?? TEMPLATE);
        setHash(v.current?.hash);
        setProblems(v.diagnostics);
      },
      (e: Error) => setNote(e.message),
    );
  }, [given]);
  const validate = async (yaml: string) => {
    const v = await post<Validation>('/api/automations/validate', { yaml, ...(name ? { name } : {}) });
    setProblems(v.diagnostics);
    return v.diagnostics;
  };
  const save = () => {
    if (!name || text === undefined) return setNote('give the file a name first');
    call<{ hash: string; loaded: string[]; warnings: Problem[] }>(
      'PUT',
      `/api/automations/files/${encodeURIComponent(name)}`,
      {
        yaml: text,
        ...(hash ? { expected_hash: hash } : {}),
      },
    ).then(
      (r) => {
        setHash(r.hash);
        setNote(`saved and reloaded: ${r.loaded.length > 0 ? r.loaded.join(', ') : 'nothing loaded from it'}`);
        // the address of the file from now on, without leaving the page (its status stays to be read)
        if (!given) history.replaceState(null, '', `#/edit/${name}`);
      },
      (e: Error) => setNote(`not saved: ${e.message}`),
    );
  };
  if (text === undefined || !YamlEditor) return <p>{note || 'Loading…'}</p>;
  return (
    <section aria-labelledby="editor-title">
      <h2 id="editor-title">{given ? `${given}.yaml` : 'New automation file'}</h2>
      {!given && (
        <label>
          File name{' '}
          <input
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
            placeholder="porch_lights"
            pattern="[A-Za-z0-9][A-Za-z0-9_-]*"
          />
          .yaml
        </label>
      )}
      <YamlEditor text={text} onChange={setText} validate={validate} label={`${name || 'new'}.yaml`} />
      <ul class="problems" aria-label="Problems" data-testid="editor-problems">
        {problems.map((p) => (
          <li key={`${p.line}:${p.column}:${p.message}`} class={p.severity ?? 'error'}>
            line {p.line}, column {p.column}: {p.message}
            {p.hint ? ` (${p.hint})` : ''}
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={save}>
          Save and reload
        </button>{' '}
        <a href="#/automations">Back to the list</a>{' '}
        <span role="status" data-testid="editor-status">
          {note}
        </span>
      </p>
    </section>
  );
}
