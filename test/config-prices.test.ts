/** The config's prices: p0 as every output shows amounts (SPEC §4.1: two decimals). */
import { describe, expect, it } from 'vitest';
import { withCents } from '../src/read/config.js';

describe('withCents', () => {
  it('pads to two decimals, never drops one', () => {
    expect(withCents('412')).toBe('412.00');
    expect(withCents('21437.5')).toBe('21437.50');
    expect(withCents('38.50')).toBe('38.50');
    expect(withCents('0.5')).toBe('0.50');
    expect(withCents('38.505')).toBe('38.505'); // a contract price with a third decimal keeps it
    expect(withCents('-1')).toBe('-1.00');
  });
});
