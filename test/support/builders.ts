import type { Reservation } from '../../lambdas/domain/reservation';

/** A HELD one-seat reservation of user u-1 for concert c-1, due at `expiresAtMs`; override any field. */
export const heldReservation = (expiresAtMs: number, overrides: Partial<Reservation> = {}): Reservation => ({
  reservationId: 'r-1',
  userId: 'u-1',
  concertId: 'c-1',
  date: '2099-12-24',
  seatNos: [3],
  price: 50_000,
  status: 'HELD',
  expiresAtMs,
  ...overrides,
});
