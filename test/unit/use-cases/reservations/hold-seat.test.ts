import { DateClosedError, SeatAlreadyReservedError, SeatLimitExceededError, ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import type { Reservation } from '../../../../lambdas/domain/reservation';
import type { Seat } from '../../../../lambdas/domain/seat';
import { holdSeats } from '../../../../lambdas/use-cases/reservations/hold-seat';
import type { HoldOutcome, NewHold, SeatHoldRepository } from '../../../../lambdas/use-cases/reservations/ports';

const now = 1_700_000_000_000;
const availableSeat: Seat = { concertId: 'c-1', date: '2099-12-24', seatNo: 1, price: 50_000, grade: 'STANDARD', status: 'AVAILABLE' };
const placed: HoldOutcome = { kind: 'held' };
const command = { userId: 'u-1', concertId: 'c-1', date: '2099-12-24', seatNos: [1] };

/**
 * A repository whose reads return the given seat (for seat 1; other seats are AVAILABLE copies) in turn and
 * whose hold does what `onHold` says.
 */
const fakeHolds = (seats: Seat[], onHold: (hold: NewHold) => Promise<HoldOutcome>): SeatHoldRepository => {
  const reads = [...seats];
  const findSeats: SeatHoldRepository['findSeats'] = async (_concertId, _date, seatNos) => {
    const first = reads.length > 1 ? reads.shift() : reads[0];
    return seatNos.map((seatNo) => (seatNo === 1 ? first : { ...availableSeat, seatNo, price: 10_000 * seatNo }));
  };
  return {
    findSeats,
    findUserDateSeats: async () => undefined,
    readForHold: async ({ concertId, date, seatNos }) => ({ seats: await findSeats(concertId, date, seatNos) }),
    hold: onHold,
    endHold: async () => 'ended',
  };
};

const useCase = (holds: SeatHoldRepository) =>
  holdSeats({
    holds,
    reservations: { findReservation: async (): Promise<Reservation | undefined> => undefined },
    clock: { now: () => now },
    ids: { newId: () => 'r-1' },
    settings: { holdTtlSeconds: 300, maxSeatsPerUser: 4 },
    policy: { maxActiveTokens: 100, activeTokenTtlSeconds: 300, waitingTokenIdleSeconds: 120 },
  });

describe('holdSeats', () => {
  it('places the hold until the deadline HOLD_TTL_SECONDS from now', async () => {
    const hold = jest.fn(async (_hold: NewHold) => placed);
    const view = await useCase(fakeHolds([availableSeat], hold))(command);
    expect(view).toEqual({
      reservationId: 'r-1',
      concertId: 'c-1',
      date: '2099-12-24',
      seatNos: [1],
      seatNo: 1,
      price: 50_000,
      status: 'HELD',
      expiresAt: new Date(now + 300_000).toISOString(),
    });
    expect(hold.mock.calls[0]?.[0]).toMatchObject({ reservation: { reservationId: 'r-1', expiresAtMs: now + 300_000 }, maxSeatsPerUser: 4, nowMs: now });
  });

  it('refuses a date that has passed with SEAT_NOT_FOUND, placing nothing', async () => {
    const hold = jest.fn(async () => placed);
    const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
    const refused = useCase(fakeHolds([{ ...availableSeat, date: yesterday }], hold))({ ...command, date: yesterday });
    await expect(refused).rejects.toBeInstanceOf(DateClosedError);
    await expect(refused).rejects.toMatchObject({ code: 'SEAT_NOT_FOUND' });
    expect(hold).not.toHaveBeenCalled();
  });

  it('still sells today until the end of the UTC day', async () => {
    const today = new Date(now).toISOString().slice(0, 10);
    await expect(
      useCase(fakeHolds([{ ...availableSeat, date: today }], async () => placed))({ ...command, date: today }),
    ).resolves.toMatchObject({ status: 'HELD', date: today });
  });

  it('refuses a seat held by someone else after one read, without a transaction', async () => {
    const hold = jest.fn(async () => placed);
    const held: Seat = { ...availableSeat, status: 'HELD', reservationId: 'r-0', holdExpiresAtMs: now + 1 };
    await expect(useCase(fakeHolds([held], hold))(command)).rejects.toBeInstanceOf(SeatAlreadyReservedError);
    expect(hold).not.toHaveBeenCalled();
  });

  it('refuses a taken seat with an error that carries no stack trace (a hot seat refuses thousands)', async () => {
    const held: Seat = { ...availableSeat, status: 'HELD', reservationId: 'r-0', holdExpiresAtMs: now + 1 };
    const refusal = await useCase(fakeHolds([held], async () => placed))(command).catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(SeatAlreadyReservedError);
    expect((refusal as Error).stack).not.toMatch(/\n\s+at /);
  });

  it('answers SEAT_ALREADY_RESERVED, not 503, when contention outlived the retries because someone else won', async () => {
    const winner: Seat = { ...availableSeat, status: 'HELD', reservationId: 'r-0', holdExpiresAtMs: now + 300_000 };
    const holds = fakeHolds([availableSeat, winner], async () => {
      throw new ServiceUnavailableError('transaction contention outlived retries');
    });
    await expect(useCase(holds)(command)).rejects.toBeInstanceOf(SeatAlreadyReservedError);
  });

  it('still answers 503 when the seat is free after the contention', async () => {
    const holds = fakeHolds([availableSeat], async () => {
      throw new ServiceUnavailableError('transaction contention outlived retries');
    });
    await expect(useCase(holds)(command)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('holds several seats as one reservation at the sum of their own prices, seats ascending, without the v1 seatNo', async () => {
    const hold = jest.fn(async (_hold: NewHold) => placed);
    const view = await useCase(fakeHolds([availableSeat], hold))({ ...command, seatNos: [3, 1, 2] });
    expect(view).toMatchObject({ seatNos: [1, 2, 3], price: 50_000 + 20_000 + 30_000, status: 'HELD' });
    expect(view).not.toHaveProperty('seatNo');
    expect(hold.mock.calls[0]?.[0].reservation).toMatchObject({ seatNos: [1, 2, 3], price: 100_000 });
  });

  it('refuses the whole request after one read when any of its seats is taken', async () => {
    const hold = jest.fn(async () => placed);
    const held: Seat = { ...availableSeat, status: 'SOLD', reservationId: 'r-0' };
    await expect(useCase(fakeHolds([held], hold))({ ...command, seatNos: [2, 1, 3] })).rejects.toMatchObject({
      code: 'SEAT_ALREADY_RESERVED',
      context: { seatNo: 1 },
    });
    expect(hold).not.toHaveBeenCalled();
  });

  it('refuses more seats than MAX_SEATS_PER_USER in one request with SEAT_LIMIT_EXCEEDED, placing nothing', async () => {
    const hold = jest.fn(async () => placed);
    await expect(useCase(fakeHolds([availableSeat], hold))({ ...command, seatNos: [1, 2, 3, 4, 5] })).rejects.toBeInstanceOf(SeatLimitExceededError);
    expect(hold).not.toHaveBeenCalled();
  });

  describe('with the caller\'s token (the HTTP route)', () => {
    const claims = { userId: 'u-1', tokenId: 't-1', concertId: 'c-1' };
    const activeToken = { tokenId: 't-1', userId: 'u-1', concertId: 'c-1', status: 'ACTIVE' as const, issuedAtMs: now - 1_000, lastPolledAtMs: now - 1_000, admittedAtMs: now - 1_000 };
    const withToken = (token: typeof activeToken | undefined, onHold: (hold: NewHold) => Promise<HoldOutcome>) => {
      const holds = fakeHolds([availableSeat], onHold);
      const readForHold = jest.fn(async (request: Parameters<SeatHoldRepository['readForHold']>[0]) => ({
        ...(await holds.readForHold(request)),
        ...(token ? { token } : {}),
      }));
      return { holds: { ...holds, readForHold }, readForHold };
    };

    it('reads the token with the seats in one call and holds for a live ACTIVE token of the concert', async () => {
      const hold = jest.fn(async (_hold: NewHold) => placed);
      const { holds, readForHold } = withToken(activeToken, hold);
      await expect(useCase(holds)({ ...command, caller: claims })).resolves.toMatchObject({ status: 'HELD' });
      expect(readForHold).toHaveBeenCalledTimes(1);
      expect(readForHold.mock.calls[0]?.[0]).toMatchObject({ tokenId: 't-1', seatNos: [1] });
    });

    it.each([
      ['unknown', undefined, 'INVALID_TOKEN'],
      ['WAITING', { ...activeToken, status: 'WAITING' as const }, 'TOKEN_NOT_ACTIVE'],
      ['of another user', { ...activeToken, userId: 'u-2' }, 'INVALID_TOKEN'],
      ['past its ACTIVE deadline', { ...activeToken, admittedAtMs: now - 301_000 }, 'INVALID_TOKEN'],
    ])('refuses a token that is %s before looking at the seats, placing nothing', async (_case, token, code) => {
      const hold = jest.fn(async () => placed);
      const { holds } = withToken(token as typeof activeToken | undefined, hold);
      await expect(useCase(holds)({ ...command, caller: claims })).rejects.toMatchObject({ code });
      expect(hold).not.toHaveBeenCalled();
    });
  });

  it('refuses the seat the hold transaction found taken with SEAT_ALREADY_RESERVED naming it', async () => {
    const refused = useCase(fakeHolds([availableSeat], async () => ({ kind: 'seatTaken', seatNo: 1 })))(command);
    await expect(refused).rejects.toMatchObject({ code: 'SEAT_ALREADY_RESERVED', context: { seatNo: 1 } });
  });

  it('refuses with SEAT_LIMIT_EXCEEDED when the counter the transaction found is full of live holds', async () => {
    const full = { count: 4, holds: { 'r-0': now + 60_000 } };
    const hold = jest.fn(async (): Promise<HoldOutcome> => ({ kind: 'userDateSeatsChanged', userDateSeats: full }));
    await expect(useCase(fakeHolds([availableSeat], hold))(command)).rejects.toBeInstanceOf(SeatLimitExceededError);
    expect(hold).toHaveBeenCalledTimes(1);
  });

  it('reads again and retries when the counter changed but an expired hold of the user would make room', async () => {
    const withExpired = { count: 4, holds: { 'r-0': now - 1 } };
    const hold = jest
      .fn<Promise<HoldOutcome>, [NewHold]>()
      .mockResolvedValueOnce({ kind: 'userDateSeatsChanged', userDateSeats: withExpired })
      .mockResolvedValueOnce(placed);
    await expect(useCase(fakeHolds([availableSeat], hold))(command)).resolves.toMatchObject({ status: 'HELD' });
    expect(hold).toHaveBeenCalledTimes(2);
  });
});
