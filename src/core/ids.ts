import { randomBytes } from 'node:crypto';

// Node's randomUUID() joins its hex pieces with `+`, which leaves a rope of about twenty string nodes
// (~700 bytes) for as long as the id is kept. Every state keeps its context and the loop protection
// remembers 10,000 run contexts, so those ropes added up to tens of MB. An id from here is one flat
// 32-character hex string, cut from a pool of random bytes refilled 256 ids at a time.
// The pool is process state on purpose, not a cache: a fixed 4 KiB of entropy that nothing reads back or looks up,
// keyed by nothing and the same for every caller (as Node's own randomUUID keeps one), so no instance owns it.
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

/** A random 128-bit id as 32 lowercase hex characters. */
export function newId(): string {
  if (offset >= pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return id;
}
