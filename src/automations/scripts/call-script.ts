/**
 * The `script.*` actions of a run (`actions/call.ts` hands them here): `script.turn_on` (starts, does not wait;
 * `variables` in the data), `script.turn_off`, `script.toggle`, `script.reload`, and `script.<id>`, which runs the
 * script with the call's data as its variables and waits for its end (components/script/__init__.py).
 */
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { closest } from '../../core/similarity.js';
import { checkCancelled, type RunState } from '../actions/types.js';
import type { ScriptCallResult, ScriptControl } from './control.js';

type Data = Record<string, unknown>;

const CONTROL = new Set(['turn_on', 'turn_off', 'toggle']);

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

function notFound(name: string, control: ScriptControl): NotFoundError {
  const [near] = closest(name, control.ids(), 1);
  return new NotFoundError(`Action script.${name} not found${near ? ` (did you mean script.${near}?)` : ''}`);
}

export async function scriptAction(service: string, data: Data, targets: string[], run: RunState): Promise<Data> {
  const control = run.deps.scripts;
  if (!control) throw new ValidationError(`Action script.${service} not found: scripts are not running`);
  if (service === 'reload') {
    await control.reload();
    return { reloaded: true };
  }
  if (CONTROL.has(service)) {
    if (targets.length === 0) throw new ValidationError(`script.${service} needs a target script`);
    const ids = targets.map((t) => {
      const id = control.resolve(t);
      if (id === undefined) throw notFound(t.replace(/^script\./, ''), control);
      return id;
    });
    const variables = isRecord(data['variables']) ? data['variables'] : {};
    const results: ScriptCallResult[] = [];
    for (const id of ids) {
      if (service === 'turn_off') {
        await control.turnOff(id);
        results.push({ script: id, run_id: null, status: 'stopped' });
      } else if (service === 'turn_on') results.push(await control.turnOn(id, variables, run.context));
      else results.push(await control.toggle(id, run.context));
    }
    return { scripts: results };
  }
  // script.<id>: waits for the run; its error fails this step, its `stop` response is the step's response
  if (control.resolve(service) === undefined) throw notFound(service, control);
  const result = await control.call(service, data, run.context, run.signal);
  checkCancelled(run);
  if (result.error !== undefined) throw new Error(result.error);
  const { response, ...rest } = result;
  return { script: rest, response: response ?? {} };
}
