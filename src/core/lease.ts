// The role lease (docs/scale-out.md, "Exactly one instance runs each automation and the announcer"): the port the
// storage adapter implements in PostgreSQL (adapters/storage/pg/lease-store.ts) and the leadership loop
// (adapters/cluster/leadership.ts) runs on. It lives in core because two adapters meet here and adapters may not
// import each other.

/** The holder a claim took the role over from, once that holder's lease had run out. */
export interface LeaseTakeover {
  /** the instance that held the role before */
  readonly holder: string;
  /** how long before this claim its lease ended, on the database's clock (≥ 0) */
  readonly expiredAgoMs: number;
}

/** What a claim found and did. */
export interface LeaseClaim {
  /** whether the claimer holds the role now (taken or renewed) */
  readonly held: boolean;
  /**
   * who holds the role after the claim: the claimer when held; otherwise the other holder, or null when nobody
   * did or another instance took the role at the very same moment (its row was not there when the claim began)
   */
  readonly holder: string | null;
  /** until the lease ends, on the database's clock (0 when nobody holds it) */
  readonly expiresInMs: number;
  /** set only when this claim took the role over from another holder whose lease had expired */
  readonly previous: LeaseTakeover | null;
}

/** The current lease of a role; expiresInMs ≤ 0 when it has run out (or was released) that long ago. */
export interface LeaseState {
  readonly holder: string;
  readonly expiresInMs: number;
}

/** One lease per role, decided by the database's clock alone. */
export interface LeaseStore {
  /**
   * Takes `role` for `holder` when it is free or its lease ran out, renews it when `holder` holds it (either way
   * until ttlMs from now), and otherwise changes nothing.
   */
  claim(role: string, holder: string, ttlMs: number): Promise<LeaseClaim>;
  /** Ends the lease at once when `holder` holds it, so the next claimer need not wait for its expiry. */
  release(role: string, holder: string): Promise<void>;
  /** The lease of `role`, or null when it was never claimed. */
  read(role: string): Promise<LeaseState | null>;
}
