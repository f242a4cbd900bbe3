import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { userDateSeatsKey } from '../../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import {
  countBy,
  dueInExpiryShard,
  holdTtlMs,
  holdWorld,
  manualClock,
  patchItem,
  readReservation,
  readSeat,
  readUserDateSeats,
  settle,
  startMs,
} from './hold-fixtures';

const date = '2099-12-24';

describe('seat holds over DynamoDB Local', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
  });

  describe('holdSeat', () => {
    it('holds an available seat: seat, reservation and the user counter change together', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(5);
      const [userId] = (await world.newUsers(1)) as [string];

      const view = await world.hold({ userId, concertId, date, seatNo: 3 });

      expect(view).toEqual({
        reservationId: expect.any(String),
        concertId,
        date,
        seatNos: [3],
        seatNo: 3,
        price: 50_000,
        status: 'HELD',
        expiresAt: new Date(startMs + holdTtlMs).toISOString(),
      });
      expect(await readSeat(table, concertId, date, 3)).toMatchObject({
        status: 'HELD',
        reservationId: view.reservationId,
        holderId: userId,
        holdExpiresAt: startMs + holdTtlMs,
      });
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({
        count: 1,
        holds: { [view.reservationId]: startMs + holdTtlMs },
      });
    });

    it('writes the reservation where the sweeper finds it: entity, sparse expiry key, numeric deadline', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(2);
      const [userId] = (await world.newUsers(1)) as [string];

      const { reservationId } = await world.hold({ userId, concertId, date, seatNo: 1 });

      const item = await readReservation(table, reservationId);
      expect(item).toMatchObject({ entity: 'Reservation', reservationId, userId, status: 'HELD', expiresAt: startMs + holdTtlMs });
      expect(item?.expiryPk).toMatch(/^EXPIRY#([0-9]|1[0-5])$/);
      expect(await dueInExpiryShard(table, item?.expiryPk as string, startMs + holdTtlMs)).toContain(reservationKey(reservationId).pk);
      expect(await dueInExpiryShard(table, item?.expiryPk as string, startMs + holdTtlMs - 1)).not.toContain(
        reservationKey(reservationId).pk,
      );
    });

    it('answers SEAT_NOT_FOUND for a seat past the last one and for a date without seats', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(2);
      const [userId] = (await world.newUsers(1)) as [string];

      await expect(world.hold({ userId, concertId, date, seatNo: 3 })).rejects.toMatchObject({ code: 'SEAT_NOT_FOUND' });
      await expect(world.hold({ userId, concertId, date: '2099-12-25', seatNo: 1 })).rejects.toMatchObject({ code: 'SEAT_NOT_FOUND' });
      await expect(world.hold({ userId, concertId: 'no-such-concert', date, seatNo: 1 })).rejects.toMatchObject({ code: 'SEAT_NOT_FOUND' });
    });

    it('refuses a seat held by someone else, and one held by the caller, with SEAT_ALREADY_RESERVED', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(2);
      const [first, second] = (await world.newUsers(2)) as [string, string];
      await world.hold({ userId: first, concertId, date, seatNo: 1 });

      await expect(world.hold({ userId: second, concertId, date, seatNo: 1 })).rejects.toMatchObject({ code: 'SEAT_ALREADY_RESERVED' });
      await expect(world.hold({ userId: first, concertId, date, seatNo: 1 })).rejects.toMatchObject({
        code: 'SEAT_ALREADY_RESERVED',
        // The caller's own hold: the message must not blame someone else.
        message: 'seat 1 is already held or sold; nothing was held',
      });
      expect(await readUserDateSeats(table, second, concertId, date)).toBeUndefined();
    });

    it('refuses a sold seat with SEAT_ALREADY_RESERVED', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(2);
      const [userId] = (await world.newUsers(1)) as [string];
      await patchItem(table, seatKey(concertId, date, 2), { status: 'SOLD', reservationId: 'paid-one', ownerId: 'someone' });

      await expect(world.hold({ userId, concertId, date, seatNo: 2 })).rejects.toMatchObject({ code: 'SEAT_ALREADY_RESERVED' });
    });

    it('refuses a seat past MAX_SEATS_PER_USER for one date, counting other dates separately', async () => {
      const world = holdWorld(table, { maxSeatsPerUser: 2 });
      const concertId = await world.newConcert(5, [date, '2099-12-25']);
      const [userId] = (await world.newUsers(1)) as [string];
      await world.hold({ userId, concertId, date, seatNo: 1 });
      await world.hold({ userId, concertId, date, seatNo: 2 });

      await expect(world.hold({ userId, concertId, date, seatNo: 3 })).rejects.toMatchObject({ code: 'SEAT_LIMIT_EXCEEDED' });
      await expect(world.hold({ userId, concertId, date: '2099-12-25', seatNo: 3 })).resolves.toMatchObject({ status: 'HELD' });
      expect((await readSeat(table, concertId, date, 3))?.status).toBe('AVAILABLE');
    });

    it('counts a bought seat against the limit', async () => {
      const world = holdWorld(table, { maxSeatsPerUser: 1 });
      const concertId = await world.newConcert(3);
      const [userId] = (await world.newUsers(1)) as [string];
      const { reservationId } = await world.hold({ userId, concertId, date, seatNo: 1 });
      // What a payment leaves behind: the hold entry is gone, the count stays.
      await patchItem(table, userDateSeatsKey(userId, concertId, date), { holds: {} });
      await patchItem(table, reservationKey(reservationId), { status: 'CONFIRMED' });
      await patchItem(table, seatKey(concertId, date, 1), { status: 'SOLD', ownerId: userId });
      world.clock.advance(holdTtlMs);

      await expect(world.hold({ userId, concertId, date, seatNo: 2 })).rejects.toMatchObject({ code: 'SEAT_LIMIT_EXCEEDED' });
    });

    it('never lets one user pass the limit with parallel requests', async () => {
      const world = holdWorld(table, { maxSeatsPerUser: 4 });
      const concertId = await world.newConcert(20);
      const [userId] = (await world.newUsers(1)) as [string];

      const { succeeded, errorCodes } = await settle(
        Array.from({ length: 20 }, (_, index) => world.hold({ userId, concertId, date, seatNo: index + 1 })),
      );

      expect(succeeded).toHaveLength(4);
      expect(countBy(errorCodes)).toEqual({ SEAT_LIMIT_EXCEEDED: 16 });
      const counter = await readUserDateSeats(table, userId, concertId, date);
      expect(counter?.count).toBe(4);
      expect(Object.keys(counter?.holds as object).sort()).toEqual(succeeded.map((view) => view.reservationId).sort());
      const seats = await Promise.all(Array.from({ length: 20 }, (_, index) => readSeat(table, concertId, date, index + 1)));
      expect(seats.filter((seat) => seat?.status === 'HELD')).toHaveLength(4);
    });

    it('lets another user hold a seat whose hold expired at once, releasing the old hold first', async () => {
      const clock = manualClock();
      const world = holdWorld(table, { clock });
      const concertId = await world.newConcert(2);
      const [first, second] = (await world.newUsers(2)) as [string, string];
      const old = await world.hold({ userId: first, concertId, date, seatNo: 1 });

      clock.advance(holdTtlMs - 1);
      await expect(world.hold({ userId: second, concertId, date, seatNo: 1 })).rejects.toMatchObject({ code: 'SEAT_ALREADY_RESERVED' });
      clock.advance(1);
      const fresh = await world.hold({ userId: second, concertId, date, seatNo: 1 });

      expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'HELD', reservationId: fresh.reservationId, holderId: second });
      expect(await readReservation(table, old.reservationId)).toMatchObject({ status: 'EXPIRED' });
      expect(await readUserDateSeats(table, first, concertId, date)).toMatchObject({ count: 0, holds: {} });
    });

    it("releases the user's own expired holds before checking the limit", async () => {
      const clock = manualClock();
      const world = holdWorld(table, { clock, maxSeatsPerUser: 2 });
      const concertId = await world.newConcert(4);
      const [userId] = (await world.newUsers(1)) as [string];
      const first = await world.hold({ userId, concertId, date, seatNo: 1 });
      const second = await world.hold({ userId, concertId, date, seatNo: 2 });

      clock.advance(holdTtlMs);
      const third = await world.hold({ userId, concertId, date, seatNo: 3 });

      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({
        count: 1,
        holds: { [third.reservationId]: clock.now() + holdTtlMs },
      });
      for (const { reservationId, seatNos } of [first, second]) {
        expect(await readReservation(table, reservationId)).toMatchObject({ status: 'EXPIRED' });
        expect((await readSeat(table, concertId, date, seatNos[0]!))?.status).toBe('AVAILABLE');
      }
    });
  });

  describe('getReservation', () => {
    it('shows the owner the hold, and reads it EXPIRED at its deadline before anything released it', async () => {
      const clock = manualClock();
      const world = holdWorld(table, { clock });
      const concertId = await world.newConcert(1);
      const [userId] = (await world.newUsers(1)) as [string];
      const held = await world.hold({ userId, concertId, date, seatNo: 1 });

      await expect(world.get({ userId, reservationId: held.reservationId })).resolves.toEqual(held);
      clock.advance(holdTtlMs);
      await expect(world.get({ userId, reservationId: held.reservationId })).resolves.toEqual({ ...held, status: 'EXPIRED' });
      expect((await readReservation(table, held.reservationId))?.status).toBe('HELD');
    });

    it("answers RESERVATION_NOT_FOUND for another user's reservation and for an unknown one", async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(1);
      const [owner, stranger] = (await world.newUsers(2)) as [string, string];
      const { reservationId } = await world.hold({ userId: owner, concertId, date, seatNo: 1 });

      await expect(world.get({ userId: stranger, reservationId })).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
      await expect(world.get({ userId: owner, reservationId: 'nope' })).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
    });
  });

  describe('cancelReservation', () => {
    it('cancels a live hold: reservation CANCELLED and out of the expiry index, seat AVAILABLE, slot freed', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(1);
      const [owner, other] = (await world.newUsers(2)) as [string, string];
      const { reservationId } = await world.hold({ userId: owner, concertId, date, seatNo: 1 });

      await world.cancel({ userId: owner, reservationId });

      const item = await readReservation(table, reservationId);
      expect(item).toMatchObject({ status: 'CANCELLED', expiresAt: startMs + holdTtlMs, ttl: expect.any(Number) });
      expect(item?.expiryPk).toBeUndefined();
      const seat = await readSeat(table, concertId, date, 1);
      expect(seat?.status).toBe('AVAILABLE');
      expect(seat).not.toHaveProperty('reservationId');
      expect(await readUserDateSeats(table, owner, concertId, date)).toMatchObject({ count: 0, holds: {} });
      await expect(world.get({ userId: owner, reservationId })).resolves.toMatchObject({ status: 'CANCELLED' });
      await expect(world.hold({ userId: other, concertId, date, seatNo: 1 })).resolves.toMatchObject({ status: 'HELD' });
    });

    it('refuses a cancelled, an expired and a confirmed reservation with RESERVATION_NOT_CANCELLABLE', async () => {
      const clock = manualClock();
      const world = holdWorld(table, { clock });
      const concertId = await world.newConcert(3);
      const [userId] = (await world.newUsers(1)) as [string];
      const cancelled = await world.hold({ userId, concertId, date, seatNo: 1 });
      const confirmed = await world.hold({ userId, concertId, date, seatNo: 2 });
      const expiring = await world.hold({ userId, concertId, date, seatNo: 3 });
      await world.cancel({ userId, reservationId: cancelled.reservationId });
      await patchItem(table, reservationKey(confirmed.reservationId), { status: 'CONFIRMED' });

      await expect(world.cancel({ userId, reservationId: cancelled.reservationId })).rejects.toMatchObject({ code: 'RESERVATION_NOT_CANCELLABLE' });
      await expect(world.cancel({ userId, reservationId: confirmed.reservationId })).rejects.toMatchObject({ code: 'RESERVATION_NOT_CANCELLABLE' });
      clock.advance(holdTtlMs);
      await expect(world.cancel({ userId, reservationId: expiring.reservationId })).rejects.toMatchObject({ code: 'RESERVATION_NOT_CANCELLABLE' });
    });

    it("answers RESERVATION_NOT_FOUND for another user's reservation and leaves it held", async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(1);
      const [owner, stranger] = (await world.newUsers(2)) as [string, string];
      const { reservationId } = await world.hold({ userId: owner, concertId, date, seatNo: 1 });

      await expect(world.cancel({ userId: stranger, reservationId })).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
      expect((await readReservation(table, reservationId))?.status).toBe('HELD');
    });

    it('cancels once when the owner sends the same cancel many times at once', async () => {
      const world = holdWorld(table);
      const concertId = await world.newConcert(1);
      const [userId] = (await world.newUsers(1)) as [string];
      const { reservationId } = await world.hold({ userId, concertId, date, seatNo: 1 });

      const { succeeded, errorCodes } = await settle(Array.from({ length: 10 }, () => world.cancel({ userId, reservationId })));

      expect(succeeded).toHaveLength(1);
      expect(countBy(errorCodes)).toEqual({ RESERVATION_NOT_CANCELLABLE: 9 });
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 0 });
    });
  });
});
