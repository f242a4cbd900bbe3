import { effectiveReservationStatus, expiredHoldIds, holdDeadline, isHoldExpired, ReservationStatus } from '../../../lambdas/domain/reservation';

describe('reservation rules', () => {
  const deadline = 1_000_000;

  it('treats a hold as expired from its deadline on', () => {
    expect(isHoldExpired(deadline, deadline - 1)).toBe(false);
    expect(isHoldExpired(deadline, deadline)).toBe(true);
  });

  it('reads a HELD reservation past its deadline as EXPIRED at once', () => {
    expect(effectiveReservationStatus({ status: ReservationStatus.held, expiresAtMs: deadline }, deadline - 1)).toBe('HELD');
    expect(effectiveReservationStatus({ status: ReservationStatus.held, expiresAtMs: deadline }, deadline)).toBe('EXPIRED');
  });

  it('leaves ended reservations as stored, whatever the clock says', () => {
    for (const status of [ReservationStatus.confirmed, ReservationStatus.cancelled, ReservationStatus.expired]) {
      expect(effectiveReservationStatus({ status, expiresAtMs: deadline }, deadline + 1)).toBe(status);
    }
  });

  it('sets the hold deadline HOLD_TTL_SECONDS after now', () => {
    expect(holdDeadline(5_000, 300)).toBe(305_000);
  });

  it('lists the ids of the holds whose deadline has passed', () => {
    expect(expiredHoldIds({ a: deadline - 1, b: deadline, c: deadline + 1 }, deadline)).toEqual(['a', 'b']);
    expect(expiredHoldIds({}, deadline)).toEqual([]);
  });
});
