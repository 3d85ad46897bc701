// "Why didn't it fire?" (issue 20), under an automation's runs (#/traces/<id>): the last evaluations of its triggers
// for entity changes (GET /api/automations/<id>/evaluations), each with the server's sentence (to: "on" wanted, new
// state was "off"; value 18.5 not above 20; wait cancelled …), its time, and a link to the trace a fire left.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from './api.js';

interface Evaluation {
  time: string;
  trigger: { idx: number; id: string | null; platform: string };
  entity_id: string;
  attribute: string | null;
  outcome: 'fired' | 'waiting' | 'wait_cancelled' | 'not_matched' | 'error';
  reason: string;
  sentence: string;
  run_id: string | null;
  run_status: string | null;
  trace: boolean;
}

const BADGE: Record<Evaluation['outcome'], string> = {
  fired: 'ok',
  waiting: '',
  wait_cancelled: 'bad',
  not_matched: 'bad',
  error: 'bad',
};

const triggerName = (e: Evaluation) => `trigger ${e.trigger.id ?? e.trigger.idx} (${e.trigger.platform})`;

export function WhyNotFired({ id }: { id: string }) {
  const [draft, setDraft] = useState('');
  const [entity, setEntity] = useState('');
  const [shown, setShown] = useState<Evaluation[] | undefined>(undefined);
  // the entities the triggers have seen, from the unfiltered list, for the filter's suggestions
  const [entities, setEntities] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const load = (filter: string) =>
    get<{ evaluations: Evaluation[] }>(
      `/api/automations/${encodeURIComponent(id)}/evaluations${query({ entity_id: filter, limit: 50 })}`,
    ).then(
      (r) => {
        setShown(r.evaluations);
        setNote('');
        if (!filter) setEntities([...new Set(r.evaluations.map((e) => e.entity_id))].sort());
      },
      (e: Error) => setNote(e.message),
    );
  useEffect(() => {
    void load(entity);
  }, [id, entity]);
  return (
    <section aria-labelledby="why-title" data-testid="why-not-fired">
      <h3 id="why-title">Why didn't it fire?</h3>
      <p class="sub">
        The last evaluations of its triggers for entity changes, newest first: what each trigger wanted and saw.
      </p>
      <form
        class="toolbar"
        aria-label="Filter evaluations"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim() === entity) void load(entity);
          else setEntity(draft.trim());
        }}
      >
        <label>
          Entity{' '}
          <input
            data-testid="evaluations-entity"
            list="evaluation-entities"
            placeholder="all entities"
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onChange={(e) => setEntity(e.currentTarget.value.trim())}
          />
        </label>
        <datalist id="evaluation-entities">
          {entities.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>
        <button type="submit" data-testid="evaluations-refresh">
          Refresh
        </button>
        <span role="status" data-testid="evaluations-status">
          {note}
        </span>
      </form>
      {shown?.length === 0 && (
        <p data-testid="evaluations-empty">
          No evaluations{entity ? ` for ${entity}` : ''} yet: none of its triggers has seen an entity change.
        </p>
      )}
      <ol class="runs" data-testid="evaluations">
        {shown?.map((e, i) => (
          <li
            key={`${i}:${e.time}:${e.reason}`}
            data-testid="evaluation"
            data-outcome={e.outcome}
            data-reason={e.reason}
          >
            <time data-testid="evaluation-time" dateTime={e.time}>
              {new Date(e.time).toLocaleString()}
            </time>{' '}
            <span class={`badge ${BADGE[e.outcome]}`}>{e.outcome.replace('_', ' ')}</span>{' '}
            <span data-testid="evaluation-sentence">{e.sentence}</span>
            {e.trace && e.run_id && (
              <>
                {' '}
                <a
                  data-testid="evaluation-trace"
                  href={`#/trace/${encodeURIComponent(id)}/${encodeURIComponent(e.run_id)}`}
                >
                  trace
                </a>
              </>
            )}
            <div class="sub" data-testid="evaluation-entity">
              {e.entity_id}
              {e.attribute ? ` (attribute ${e.attribute})` : ''} · {triggerName(e)}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
