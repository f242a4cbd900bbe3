import {
  ReservationExpiredError,
  ReservationNotFoundError,
  ReservationNotPayableError,
  TokenConcertMismatchError,
} from '../../../lambdas/domain/errors';
import { payableReservation } from '../../../lambdas/domain/payment';
import type { ReservationStatus } from '../../../lambdas/domain/reservation';
import { heldReservation } from '../../support/builders';

const now = 1_700_000_000_000;
const held = heldReservation(now + 1);
const payer = { userId: 'u-1', concertId: 'c-1' };

describe('payableReservation', () => {
  it('gives back a HELD reservation of the payer before its deadline', () => {
    expect(payableReservation('r-1', held, payer, now)).toBe(held);
  });

  it('hides a missing reservation and another user’s alike: RESERVATION_NOT_FOUND', () => {
    expect(() => payableReservation('r-1', undefined, payer, now)).toThrow(ReservationNotFoundError);
    expect(() => payableReservation('r-1', { ...held, userId: 'u-2' }, payer, now)).toThrow(ReservationNotFoundError);
  });

  it('refuses a token of another concert’s room with TOKEN_CONCERT_MISMATCH', () => {
    expect(() => payableReservation('r-1', held, { ...payer, concertId: 'c-2' }, now)).toThrow(TokenConcertMismatchError);
  });

  it('treats a hold at or past its deadline as RESERVATION_EXPIRED, released or not', () => {
    expect(() => payableReservation('r-1', { ...held, expiresAtMs: now }, payer, now)).toThrow(ReservationExpiredError);
    expect(() => payableReservation('r-1', { ...held, status: 'EXPIRED' }, payer, now)).toThrow(ReservationExpiredError);
  });

  it.each<ReservationStatus>(['CONFIRMED', 'CANCELLED', 'REFUNDED'])('refuses a %s reservation with RESERVATION_NOT_PAYABLE, saying what it is', (status) => {
    expect(() => payableReservation('r-1', { ...held, status, expiresAtMs: now - 1 }, payer, now)).toThrow(ReservationNotPayableError);
    expect(() => payableReservation('r-1', { ...held, status, expiresAtMs: now - 1 }, payer, now)).toThrow(
      `the reservation is ${status}: only a HELD reservation can be paid`,
    );
  });
});
