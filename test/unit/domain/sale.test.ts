import { maxActiveOf, saleStatusOf } from '../../../lambdas/domain/sale';

describe('sale rules', () => {
  const now = Date.UTC(2026, 11, 1, 10);

  it('is ON_SALE without an opening, and from the opening on', () => {
    expect(saleStatusOf({}, now)).toBe('ON_SALE');
    expect(saleStatusOf({ saleOpensAtMs: now }, now)).toBe('ON_SALE');
  });

  it('is UPCOMING before the opening, even when paused', () => {
    expect(saleStatusOf({ saleOpensAtMs: now + 1 }, now)).toBe('UPCOMING');
    expect(saleStatusOf({ saleOpensAtMs: now + 1, paused: true }, now)).toBe('UPCOMING');
  });

  it('is PAUSED once open and paused', () => {
    expect(saleStatusOf({ saleOpensAtMs: now - 1, paused: true }, now)).toBe('PAUSED');
  });

  it('is ENDED once the last date has passed (UTC), whatever else is set', () => {
    expect(saleStatusOf({ lastDate: '2026-12-01', paused: true }, now)).toBe('PAUSED');
    expect(saleStatusOf({ lastDate: '2026-11-30', paused: true, saleOpensAtMs: now + 1 }, now)).toBe('ENDED');
  });

  it('sizes the room per concert, else by the default', () => {
    expect(maxActiveOf({ maxActive: 3 }, 100)).toBe(3);
    expect(maxActiveOf({}, 100)).toBe(100);
  });
});
