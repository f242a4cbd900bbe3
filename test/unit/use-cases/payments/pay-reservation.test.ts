import {
  InsufficientBalanceError,
  InvalidTokenError,
  ReservationExpiredError,
  ReservationNotFoundError,
  ReservationNotPayableError,
  TokenConcertMismatchError,
  TokenNotActiveError,
} from '../../../../lambdas/domain/errors';
import type { IdempotencyRecord } from '../../../../lambdas/domain/idempotency';
import { hashRequestBody, idempotentOperations } from '../../../../lambdas/domain/idempotency';
import type { QueueToken } from '../../../../lambdas/domain/queue';
import type { Reservation } from '../../../../lambdas/domain/reservation';
import { payReservation } from '../../../../lambdas/use-cases/payments/pay-reservation';
import { heldReservation } from '../../../support/builders';
import type { PaymentRepository, PaymentWrite, PaymentWriteOutcome } from '../../../../lambdas/use-cases/payments/ports';
import type { IdempotencyRecordReader } from '../../../../lambdas/use-cases/idempotency/ports';

const now = 1_700_000_000_000;
const policy = { maxActiveTokens: 10, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
const activeToken: QueueToken = {
  tokenId: 't-1',
  userId: 'u-1',
  concertId: 'c-1',
  status: 'ACTIVE',
  issuedAtMs: now - 1_000,
  lastPolledAtMs: now - 1_000,
  admittedAtMs: now - 1_000,
  expiryKeyMs: now + 599_000,
};
const held = heldReservation(now + 60_000);
const command = { userId: 'u-1', tokenId: 't-1', tokenConcertId: 'c-1', reservationId: 'r-1' };

class FakePayments implements PaymentRepository {
  public readonly writes: PaymentWrite[] = [];
  public constructor(private readonly outcomes: PaymentWriteOutcome[] = []) {}
  public async pay(write: PaymentWrite): Promise<PaymentWriteOutcome> {
    this.writes.push(write);
    return this.outcomes.shift() ?? { kind: 'paid', balanceAfter: 30_000 };
  }
}

const setup = (options: {
  token?: QueueToken;
  reservation?: Reservation;
  outcomes?: PaymentWriteOutcome[];
  records?: Record<string, IdempotencyRecord>;
}) => {
  const payments = new FakePayments(options.outcomes);
  const idempotencyRecords: IdempotencyRecordReader = {
    findRecord: async (userId: string, key: string) => options.records?.[`${userId}/${key}`],
  };
  let id = 0;
  const pay = payReservation({
    tokens: { findToken: async () => ('token' in options ? options.token : activeToken) },
    policy,
    reservations: { findReservation: async () => ('reservation' in options ? options.reservation : held) },
    payments,
    idempotencyRecords,
    clock: { now: () => now },
    ids: { newId: () => `id-${++id}` },
  });
  return { pay, payments };
};

describe('payReservation', () => {
  it('writes the payment of the reservation’s price with its ledger entry and the token it ends, and answers the balance after it', async () => {
    const { pay, payments } = setup({});
    await expect(pay(command)).resolves.toEqual({ paymentId: 'id-1', reservationId: 'r-1', amount: 50_000, balance: 30_000, status: 'CONFIRMED' });
    const at = new Date(now).toISOString();
    expect(payments.writes).toEqual([
      {
        payment: { paymentId: 'id-1', userId: 'u-1', reservationId: 'r-1', amount: 50_000, createdAt: at },
        reservation: held,
        token: activeToken,
        entry: { entryId: 'id-2', userId: 'u-1', kind: 'PAYMENT', amount: -50_000, at, paymentId: 'id-1', reservationId: 'r-1' },
        nowMs: now,
      },
    ]);
  });

  it.each([
    ['an ended token', { ...activeToken, status: 'PAID' as const }, InvalidTokenError],
    ['a WAITING token', { ...activeToken, status: 'WAITING' as const, ticket: 3, shard: 0 }, TokenNotActiveError],
    ['a token past its deadline', { ...activeToken, admittedAtMs: now - 600_000 }, InvalidTokenError],
  ])('refuses %s before looking at the reservation', async (_, token, error) => {
    const { pay, payments } = setup({ token, reservation: undefined });
    await expect(pay(command)).rejects.toBeInstanceOf(error);
    expect(payments.writes).toHaveLength(0);
  });

  it.each([
    ['a missing reservation', undefined, ReservationNotFoundError],
    ['another user’s reservation', { ...held, userId: 'u-2' }, ReservationNotFoundError],
    ['another concert’s reservation', { ...held, concertId: 'c-2' }, TokenConcertMismatchError],
    ['an expired hold', { ...held, expiresAtMs: now }, ReservationExpiredError],
    ['a confirmed reservation', { ...held, status: 'CONFIRMED' as const }, ReservationNotPayableError],
  ])('refuses %s without writing', async (_, reservation, error) => {
    const { pay, payments } = setup({ reservation });
    await expect(pay(command)).rejects.toBeInstanceOf(error);
    expect(payments.writes).toHaveLength(0);
  });

  it.each([
    ['the reservation was confirmed meanwhile', { kind: 'reservationChanged', reservation: { ...held, status: 'CONFIRMED' } }, ReservationNotPayableError],
    ['the reservation was cancelled meanwhile', { kind: 'reservationChanged', reservation: { ...held, status: 'CANCELLED' } }, ReservationNotPayableError],
    ['the hold was released meanwhile', { kind: 'reservationChanged', reservation: { ...held, status: 'EXPIRED' } }, ReservationExpiredError],
    ['the seat no longer belongs to the hold', { kind: 'holdLost' }, ReservationExpiredError],
    ['the token ended meanwhile', { kind: 'tokenNotLive' }, InvalidTokenError],
  ] as const)('maps a transaction stopped because %s to its contract error', async (_, outcome, error) => {
    const { pay } = setup({ outcomes: [outcome as PaymentWriteOutcome] });
    await expect(pay(command)).rejects.toBeInstanceOf(error);
  });

  it('refuses with INSUFFICIENT_BALANCE when the debit met a balance below the price', async () => {
    const { pay, payments } = setup({ outcomes: [{ kind: 'insufficientBalance', balance: 49_999 }] });
    await expect(pay(command)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect(payments.writes).toHaveLength(1);
  });

  describe('with an Idempotency-Key', () => {
    const requestHash = hashRequestBody({ reservationId: 'r-1' });
    const recorded = { paymentId: 'p-0', reservationId: 'r-1', amount: 50_000, balance: 30_000, status: 'CONFIRMED' };
    const records = { 'u-1/k': { requestHash, statusCode: 201, response: recorded } };

    it('records the 201 response with the payment', async () => {
      const { pay, payments } = setup({});
      const receipt = await pay({ ...command, idempotency: { key: 'k', requestHash } });
      expect(payments.writes[0]?.idempotency).toEqual({
        operation: idempotentOperations.payment,
        key: 'k',
        // The balance after the debit is filled in from the ledger when the record is read.
        record: { requestHash, statusCode: 201, response: { ...receipt, balance: null } },
      });
    });

    it('answers a retry with the original response although the payment ended the token', async () => {
      const { pay, payments } = setup({ token: { ...activeToken, status: 'PAID' }, records });
      await expect(pay({ ...command, idempotency: { key: 'k', requestHash } })).resolves.toEqual(recorded);
      expect(payments.writes).toHaveLength(0);
    });

    it('answers from the record when a concurrent retry with the same key won the transaction', async () => {
      const { pay } = setup({ outcomes: [{ kind: 'alreadyRecorded' }], records });
      await expect(pay({ ...command, idempotency: { key: 'k', requestHash } })).resolves.toEqual(recorded);
    });

    it('keeps the refusal when the key has no record yet', async () => {
      const { pay } = setup({ token: { ...activeToken, status: 'PAID' } });
      await expect(pay({ ...command, idempotency: { key: 'k', requestHash } })).rejects.toBeInstanceOf(InvalidTokenError);
    });
  });
});
