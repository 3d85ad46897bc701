// What the PostgreSQL store tests share: a seeded random generator (the trace is test/helpers/trace-fixture.ts).
export { trace } from '../../../helpers/trace-fixture.js';

/** a small deterministic generator, so a failing sequence can be run again */
export function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}
