import { countAvailable, effectiveSeatStatus } from '../../../lambdas/domain/seat';

describe('effectiveSeatStatus', () => {
  const now = 1_000_000;

  it('shows a hold past its expiry as AVAILABLE', () => {
    expect(effectiveSeatStatus({ status: 'HELD', holdExpiresAtMs: now }, now)).toBe('AVAILABLE');
  });

  it('keeps a live hold HELD', () => {
    expect(effectiveSeatStatus({ status: 'HELD', holdExpiresAtMs: now + 1 }, now)).toBe('HELD');
  });

  it('never turns a SOLD seat available', () => {
    expect(effectiveSeatStatus({ status: 'SOLD', holdExpiresAtMs: now - 1 }, now)).toBe('SOLD');
  });

  it('counts available seats including expired holds', () => {
    const seats = [
      { status: 'AVAILABLE' as const },
      { status: 'HELD' as const, holdExpiresAtMs: now - 1 },
      { status: 'HELD' as const, holdExpiresAtMs: now + 1 },
      { status: 'SOLD' as const },
    ];
    expect(countAvailable(seats, now)).toBe(2);
  });
});
