// Which roles this instance holds when several share one PostgreSQL (docs/scale-out.md, "Exactly one instance runs
// each automation and the announcer"). Every renewMs each role is claimed (the holder renews, the others try to
// take), and the lease store's database decides. The safety rule is on this side: an instance acts on a role only
// while it is sure the lease is still its own. A lease set by a claim ends ttlMs after the database began that
// claim, which is after this instance sent it; so counting from the send, the holder has ttlMs − renewMs to hear
// of a later success, and stops acting when that runs out, renewMs before any other instance could take the role.
// A failed claim (an error, or the lease found with another holder) stops it at once: it cannot know more.
import type { Unsubscribe } from '../../core/event-bus.js';
import type { LeaseClaim, LeaseStore, LeaseTakeover } from '../../core/lease.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/ports.js';

/** told each time this instance starts (held) or stops (not held) acting on a role */
export type LeadershipListener = (held: boolean, previous: LeaseTakeover | null) => void;

export interface LeadershipOptions {
  readonly leases: LeaseStore;
  /** this instance's id, the holder written in the lease */
  readonly instance: string;
  readonly roles: readonly string[];
  /** how often each role is claimed (default 2 s) */
  readonly renewMs?: number;
  /** how long a lease lasts after a claim (default 6 s); more than renewMs */
  readonly ttlMs?: number;
  readonly log: Logger;
  /** every change of every role, before the role's own listeners */
  readonly onChange?: (role: string, held: boolean, previous: LeaseTakeover | null) => void;
}

export interface Leadership extends Service {
  /** whether this instance may act on `role` now */
  holds(role: string): boolean;
  on(role: string, listener: LeadershipListener): Unsubscribe;
}

interface RoleState {
  held: boolean;
  /** the claim in flight, if any: never more than one per role, so a slow database does not collect a queue */
  claiming: Promise<void> | null;
  /** whether the database may name this instance as holder (the last answer said so), so stop() releases it */
  mayHold: boolean;
  /** in a streak of failed claims (warned once at its start) */
  failing: boolean;
  /** when acting must stop unless a later claim succeeds: last successful send + ttlMs − renewMs */
  deadline: NodeJS.Timeout | undefined;
  readonly listeners: Set<LeadershipListener>;
}

/** `promise`, but given up waiting for after `ms` (it goes on; its outcome is handled where it was made) */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createLeadership(options: LeadershipOptions): Leadership {
  const { leases, instance, log } = options;
  const renewMs = options.renewMs ?? 2_000;
  const ttlMs = options.ttlMs ?? 6_000;
  if (!(renewMs > 0 && ttlMs > renewMs)) {
    throw new RangeError(`a lease must outlast its renewal: ttlMs ${ttlMs} ≤ renewMs ${renewMs}`);
  }
  const graceMs = ttlMs - renewMs;
  const roles = new Map<string, RoleState>(
    options.roles.map((role) => [
      role,
      { held: false, claiming: null, mayHold: false, failing: false, deadline: undefined, listeners: new Set() },
    ]),
  );
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  const stateOf = (role: string): RoleState => {
    const state = roles.get(role);
    if (!state) throw new Error(`leadership knows no role ${role} (it has ${[...roles.keys()].join(', ')})`);
    return state;
  };

  const change = (role: string, state: RoleState, held: boolean, previous: LeaseTakeover | null) => {
    state.held = held;
    // a listener that throws must not keep the others (or the loop) from learning the change
    const tell = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        log.error(`a leadership listener failed (${what})`, { role, held, err: reason(err) });
      }
    };
    if (options.onChange) tell('onChange', () => options.onChange?.(role, held, previous));
    for (const listener of [...state.listeners]) tell(role, () => listener(held, previous));
  };

  const lose = (role: string, state: RoleState, why: string) => {
    clearTimeout(state.deadline);
    state.deadline = undefined;
    if (!state.held) return;
    log.info(`no longer holds role ${role}: ${why}`, { role, instance });
    change(role, state, false, null);
  };

  const answered = (role: string, state: RoleState, sentAt: number, claim: LeaseClaim) => {
    if (state.failing) {
      state.failing = false;
      log.info(`claims of role ${role} succeed again`, { role, instance });
    }
    state.mayHold = claim.held;
    if (!running) return; // stopped meanwhile: stop() told the listeners and releases what may still be held
    if (!claim.held) {
      lose(role, state, `${claim.holder ?? 'another instance'} holds it`);
      return;
    }
    const left = sentAt + graceMs - performance.now();
    if (left <= 0) {
      // the lease is ours, but for less than renewMs more: too close to its end to start or go on acting
      lose(role, state, `its claim took ${Math.round(performance.now() - sentAt)} ms to answer`);
      return;
    }
    clearTimeout(state.deadline);
    state.deadline = setTimeout(() => lose(role, state, `no claim succeeded for ${graceMs} ms`), left);
    state.deadline.unref();
    if (state.held) return;
    const previous = claim.previous;
    log.info(
      previous
        ? `holds role ${role}, taken over from ${previous.holder} (whose lease ended ${Math.round(previous.expiredAgoMs)} ms before)`
        : `holds role ${role}`,
      { role, instance, previous_holder: previous?.holder ?? null, expired_ago_ms: previous?.expiredAgoMs ?? null },
    );
    change(role, state, true, previous);
  };

  const failed = (role: string, state: RoleState, err: unknown) => {
    if (!state.failing) {
      state.failing = true;
      log.warn(`cannot claim role ${role}: ${reason(err)}`, { role, instance, err: reason(err) });
    }
    if (running) lose(role, state, `its claim failed (${reason(err)})`);
  };

  const claim = (role: string, state: RoleState): Promise<void> => {
    // the send time, on a clock that never jumps: the deadline counts from here, not from the answer
    const sentAt = performance.now();
    const pending = leases
      .claim(role, instance, ttlMs)
      .then(
        (answer) => answered(role, state, sentAt, answer),
        (err: unknown) => failed(role, state, err),
      )
      .finally(() => {
        state.claiming = null;
      });
    state.claiming = pending;
    return pending;
  };

  /** claims every role that has no claim in flight */
  const round = () => Promise.all([...roles].map(([role, state]) => state.claiming ?? claim(role, state)));

  return {
    name: 'leadership',
    holds: (role) => stateOf(role).held,
    on(role, listener) {
      const { listeners } = stateOf(role);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async start() {
      if (running) return;
      running = true;
      // the timer first, so a first claim that hangs is still followed (by its deadline, then by retries)
      timer = setInterval(() => void round(), renewMs);
      timer.unref();
      // a database that does not answer keeps start() waiting no longer than a lease lasts
      await within(round(), ttlMs);
    },

    async stop() {
      if (!running) return;
      running = false;
      clearInterval(timer);
      // stop acting first, then hand over: nobody may take a role while this instance still acts on it
      for (const [role, state] of roles) lose(role, state, 'stopping');
      const claiming = [...roles.values()].flatMap((s) => (s.claiming ? [s.claiming] : []));
      // a claim still in flight may yet take a role; past ttlMs any lease it took has run out by itself
      await within(Promise.all(claiming), ttlMs);
      const release = [...roles]
        .filter(([, state]) => state.mayHold)
        .map(([role, state]) =>
          leases.release(role, instance).then(
            () => {
              state.mayHold = false;
              log.info(`released role ${role}`, { role, instance });
            },
            (err: unknown) =>
              log.warn(`could not release role ${role}; another instance takes it once its lease ends`, {
                role,
                instance,
                err: reason(err),
              }),
          ),
        );
      await within(Promise.all(release), ttlMs);
    },
  };
}
