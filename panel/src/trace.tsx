// Traces, like Home Assistant's trace view: an automation's recent runs (#/traces/<id>) and one run (#/trace/<id>/<run>):
// what triggered it, each condition with the values it compared and its result, each step with its timing and what
// it did (published, called, the variables it changed), where it stopped and why.
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { WhyNotFired } from './evaluations.js';

interface Summary {
  run_id: string;
  start: string;
  duration_ms: number;
  outcome: string;
  error: string | null;
  trigger: string | null;
  last_step: string | null;
}
interface ConditionTrace {
  path: string;
  condition: string;
  alias?: string;
  result: boolean | null;
  compared?: Record<string, unknown>;
  message?: string;
  evaluated?: false;
  error?: string;
  conditions?: ConditionTrace[];
}
interface Step {
  path: string;
  kind: string;
  alias?: string;
  timestamp: string;
  duration_ms: number;
  iteration?: number;
  result?: Record<string, unknown>;
  error?: string;
  changed_variables?: Record<string, unknown>;
}
interface Trace {
  run_id: string;
  alias: string;
  source: { file: string; line: number; column: number };
  start: string;
  duration_ms: number;
  outcome: string;
  error: string | null;
  reason: string | null;
  trigger: { platform: string; description: string; variables: Record<string, unknown> } | null;
  conditions: ConditionTrace[];
  conditions_skipped: boolean;
  steps: Step[];
  last_step: string | null;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : Math.round(n)} ms`;
const json = (v: unknown) => JSON.stringify(v, null, 1);
const at = (iso: string) => new Date(iso).toLocaleTimeString();

export function TracesView({ id }: { id: string }) {
  const [runs, setRuns] = useState<Summary[] | undefined>(undefined);
  const [note, setNote] = useState('');
  useEffect(() => {
    get<{ traces: Summary[] }>(`/api/automations/${encodeURIComponent(id)}/traces`).then(
      (r) => setRuns(r.traces),
      (e: Error) => setNote(e.message),
    );
  }, [id]);
  return (
    <section aria-labelledby="traces-title">
      <h2 id="traces-title">Runs of {id}</h2>
      <p>
        <a href="#/automations">Back to the automations</a> <span role="status">{note}</span>
      </p>
      {runs?.length === 0 && <p>No runs yet.</p>}
      <ol class="runs">
        {runs?.map((r) => (
          <li key={r.run_id}>
            <a href={`#/trace/${encodeURIComponent(id)}/${encodeURIComponent(r.run_id)}`}>
              {new Date(r.start).toLocaleString()}
            </a>{' '}
            <span class={`badge ${r.outcome === 'finished' ? 'ok' : 'bad'}`}>{r.outcome}</span> {ms(r.duration_ms)} ·{' '}
            {r.trigger ?? 'run by hand'}
            {r.error && <div class="error">{r.error}</div>}
          </li>
        ))}
      </ol>
      <WhyNotFired id={id} />
    </section>
  );
}

function Condition({ c }: { c: ConditionTrace }) {
  const verdict =
    c.evaluated === false ? 'not evaluated' : c.result === null ? 'error' : c.result ? 'passed' : 'failed';
  return (
    <li class={`condition ${verdict.replace(' ', '-')}`}>
      <strong>{c.alias ?? c.condition}</strong> <span class="sub">{c.path}</span> — {verdict}
      {c.message && <div>{c.message}</div>}
      {c.error && <div class="error">{c.error}</div>}
      {c.compared && <pre>{json(c.compared)}</pre>}
      {c.conditions && (
        <ul>
          {c.conditions.map((n) => (
            <Condition key={n.path} c={n} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function TraceView({ id, run }: { id: string; run: string }) {
  const [trace, setTrace] = useState<Trace | undefined>(undefined);
  const [note, setNote] = useState('');
  useEffect(() => {
    get<Trace>(`/api/automations/${encodeURIComponent(id)}/traces/${encodeURIComponent(run)}`).then(
      setTrace,
      (e: Error) => setNote(e.message),
    );
  }, [id, run]);
  if (!trace) return <p role="status">{note || 'Loading…'}</p>;
  return (
    <section aria-labelledby="trace-title" data-testid="trace">
      <h2 id="trace-title">
        {trace.alias} <span class={`badge ${trace.outcome === 'finished' ? 'ok' : 'bad'}`}>{trace.outcome}</span>
      </h2>
      <p class="sub">
        {new Date(trace.start).toLocaleString()} · {ms(trace.duration_ms)} · {trace.source.file}:{trace.source.line} ·{' '}
        <a href={`#/traces/${encodeURIComponent(id)}`}>all runs</a>
      </p>
      <h3>Trigger</h3>
      <p>{trace.trigger ? `${trace.trigger.platform}: ${trace.trigger.description}` : 'run by hand'}</p>
      <h3>Conditions</h3>
      {trace.conditions_skipped ? (
        <p>skipped (run by hand)</p>
      ) : trace.conditions.length === 0 ? (
        <p>none</p>
      ) : (
        <ul class="conditions">
          {trace.conditions.map((c) => (
            <Condition key={c.path} c={c} />
          ))}
        </ul>
      )}
      <h3>Steps</h3>
      <ol class="steps" data-testid="trace-steps">
        {trace.steps.map((s) => (
          <li key={`${s.path}:${s.timestamp}:${s.iteration ?? ''}`} class={s.error ? 'error' : undefined}>
            <strong>{s.alias ?? s.kind}</strong> <span class="sub">{s.path}</span> · {at(s.timestamp)} ·{' '}
            {ms(s.duration_ms)}
            {s.iteration !== undefined && ` · iteration ${s.iteration}`}
            {s.error && <div class="error">{s.error}</div>}
            {s.result && <pre>{json(s.result)}</pre>}
            {s.changed_variables && <pre>variables: {json(s.changed_variables)}</pre>}
          </li>
        ))}
      </ol>
      {(trace.error || trace.reason || trace.last_step) && (
        <p class={trace.error ? 'error' : 'sub'}>
          {trace.last_step && `stopped at ${trace.last_step}`}
          {trace.reason && ` · ${trace.reason}`}
          {trace.error && ` · ${trace.error}`}
        </p>
      )}
      <p role="status">{note}</p>
    </section>
  );
}
