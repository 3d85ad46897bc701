/**
 * `timer` (components/timer): `idle`, `active` or `paused`, with attributes duration (the running duration),
 * finishes_at and remaining while running or paused, and restore when set. Each transition fires its event
 * (`timer.started`, `timer.restarted`, `timer.paused`, `timer.cancelled`, `timer.finished` with `finished_at`,
 * `timer.changed`) after writing the state. Times are whole seconds, as `utcnow().replace(microsecond=0)`.
 * With `restore: true` the last state comes back: paused keeps its remaining time, active resumes towards its
 * finishes_at (firing `timer.restarted`) or finishes at once when that has passed while Switchyard was down.
 */
import { createContext, type Context } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import { at, type Timer } from '../timers.js';
import { parseDateTime } from './datetime-text.js';
import type { HelperConfig } from './schema.js';
import { formatTimedelta, timePeriodMs, wholeSeconds } from './timer-time.js';
import { isoUtc, type HelperKind } from './types.js';

type Config = HelperConfig<'timer'>;
type Status = 'idle' | 'active' | 'paused';

const configured = (config: Config): number => (config.duration?.kind === 'fixed' ? config.duration.ms : 0);

export const timer: HelperKind<'timer'> = {
  actions: {
    start: {
      description: 'start, resume or restart (optionally with a new duration)',
      params: { duration: { type: 'json' } },
    },
    pause: { description: 'pause a running timer', params: {} },
    cancel: { description: 'cancel the timer (timer.cancelled)', params: {} },
    finish: { description: 'finish the timer now (timer.finished)', params: {} },
    change: {
      description: 'add to (or take from) the time left of a running timer',
      params: { duration: { type: 'json', required: true } },
    },
  },
  create(initialConfig, last, env) {
    let config: Config = initialConfig;
    let status: Status = 'idle';
    let configuredMs = configured(config);
    let runningMs = configuredMs;
    let remaining: number | null = null;
    let end: number | null = null;
    let listener: Timer | undefined;
    const now = () => wholeSeconds(env.clock.now().getTime());
    const stopListening = () => {
      listener?.cancel();
      listener = undefined;
    };
    const transition = (event: string, context: Context, extra: Record<string, unknown> = {}) => {
      env.changed(context);
      env.fire(`timer.${event}`, { entity_id: env.entityId, ...extra }, context);
    };
    const toIdle = () => {
      stopListening();
      status = 'idle';
      end = null;
      remaining = null;
      runningMs = configuredMs;
    };
    const finished = (context: Context) => {
      if (status !== 'active' || end === null) return;
      const was = end;
      listener = undefined;
      toIdle();
      transition('finished', context, { finished_at: isoUtc(was) });
    };
    const schedule = () => {
      if (end !== null) listener = at(env.clock, end, () => finished(createContext('timer')));
    };

    const start = (durationMs: number, context: Context) => {
      stopListening();
      const event = status === 'active' || status === 'paused' ? 'restarted' : 'started';
      status = 'active';
      if (durationMs) remaining = runningMs = durationMs;
      else if (!remaining) remaining = runningMs;
      end = now() + remaining;
      schedule();
      transition(event, context);
    };
    const change = (deltaMs: number, context: Context) => {
      if (listener === undefined || end === null)
        throw new ValidationError(`Timer ${env.entityId} is not running, only active timers can be changed`);
      const newRemaining = end + deltaMs - now();
      if (remaining && newRemaining > runningMs)
        throw new ValidationError(`Not possible to change timer ${env.entityId} beyond duration`);
      if (remaining && remaining + deltaMs < 0)
        throw new ValidationError(`Not possible to change timer ${env.entityId} to negative time remaining`);
      stopListening();
      end += deltaMs;
      remaining = newRemaining;
      schedule();
      env.changed(context);
      env.fire('timer.changed', { entity_id: env.entityId }, context);
    };

    const instance = {
      state: () => ({
        state: status,
        attributes: {
          duration: formatTimedelta(runningMs),
          ...(end !== null ? { finishes_at: isoUtc(end) } : {}),
          ...(remaining !== null ? { remaining: formatTimedelta(remaining) } : {}),
          ...(config.restore ? { restore: true } : {}),
        },
      }),
      execute(action: string, data: Readonly<Record<string, unknown>>, context: Context) {
        const what = `${env.entityId} ${action}`;
        if (action === 'start')
          start(data['duration'] === undefined ? 0 : timePeriodMs(data['duration'], what), context);
        else if (action === 'change') change(timePeriodMs(data['duration'] ?? 0, what), context);
        else if (action === 'pause') {
          if (listener === undefined || end === null) return;
          stopListening();
          remaining = end - now();
          status = 'paused';
          end = null;
          transition('paused', context);
        } else if (action === 'cancel') {
          if (status === 'idle') return;
          toIdle();
          transition('cancelled', context);
        } else {
          if (status === 'idle') return;
          const was = end ?? now();
          toIdle();
          transition('finished', context, { finished_at: isoUtc(was) });
        }
      },
      update(next: unknown) {
        config = next as Config;
        configuredMs = configured(config);
        if (status === 'idle') runningMs = configuredMs;
      },
      dispose: stopListening,
    };

    // RestoreEntity, only with `restore: true`
    const lastStatus = last?.state;
    if (config.restore && last && (lastStatus === 'active' || lastStatus === 'paused')) {
      const attrs = last.attributes;
      try {
        runningMs = timePeriodMs(attrs['duration'], 'restore');
        if (lastStatus === 'paused') {
          status = 'paused';
          remaining = timePeriodMs(attrs['remaining'], 'restore');
        } else {
          const parsed = parseDateTime(String(attrs['finishes_at'] ?? ''));
          const was = parsed ? parsed.wall - (parsed.offset ?? 0) : now();
          const context = createContext('timer');
          status = 'active';
          if (was - now() > 0) {
            remaining = was - now();
            status = 'paused';
            start(0, context);
          } else {
            end = was;
            const finishedAt = end;
            toIdle();
            env.fire('timer.finished', { entity_id: env.entityId, finished_at: isoUtc(finishedAt) }, context);
          }
        }
      } catch {
        toIdle();
      }
    }
    return instance;
  },
};
