import { describe, expect, it } from 'vitest';
import { createRateCounter } from '../../src/core/rates.js';

describe('rate counter', () => {
  it('averages the last complete seconds and forgets older ones', () => {
    let now = 1_000_000;
    const c = createRateCounter(() => now, 4);
    c.add(10); // second 1000, still running: not in the rate yet
    expect(c.perSecond()).toBe(0);
    now += 1_000;
    expect(c.perSecond()).toBe(10 / 4);
    c.add(30);
    now += 1_000;
    expect(c.perSecond()).toBe(40 / 4);
    now += 3_000; // second 1000 falls out of the window, 1001 stays
    expect(c.perSecond()).toBe(30 / 4);
    now += 60_000; // a long quiet spell clears everything
    expect(c.perSecond()).toBe(0);
    expect(c.total).toBe(40);
  });

  it('counts one by one by default', () => {
    let now = 0;
    const c = createRateCounter(() => now, 2);
    for (let i = 0; i < 7; i++) c.add();
    now = 1_500;
    expect(c.perSecond()).toBe(3.5);
    expect(c.total).toBe(7);
  });
});
