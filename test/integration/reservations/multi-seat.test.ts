import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoSeatRepository } from '../../../lambdas/adapters/dynamodb/seat-repository';
import { listBookableDates } from '../../../lambdas/use-cases/concerts/list-bookable-dates';
import { listSeatMap } from '../../../lambdas/use-cases/seats/list-seat-map';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { holdTtlMs, holdWorld, readReservation, readSeat, readUserDateSeats, settle, startMs } from './hold-fixtures';
import { quietSocketWarnings } from '../../support/quiet-socket-warnings';

const date = '2099-12-24';
/** Jest ignores a per-project testTimeout, so the long race says its own. */
const raceTimeoutMs = 180_000;

const grades = [
  { grade: 'VIP', price: 150_000, firstSeatNo: 1, lastSeatNo: 2 },
  { grade: 'R', price: 90_000, firstSeatNo: 3, lastSeatNo: 6 },
];

describe('multi-seat holds and grades over DynamoDB Local', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
    quietSocketWarnings();
  });

  afterAll(() => jest.restoreAllMocks());

  it('holds several seats as one reservation: every seat HELD by it, the total of their grade prices, the counter counting seats', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(6, [date], grades);
    const [userId] = (await world.newUsers(1)) as [string];

    const view = await world.hold({ userId, concertId, date, seatNos: [4, 2, 3] });

    expect(view).toMatchObject({ seatNos: [2, 3, 4], price: 150_000 + 90_000 + 90_000, status: 'HELD' });
    expect(view).not.toHaveProperty('seatNo');
    for (const seatNo of [2, 3, 4]) {
      expect(await readSeat(table, concertId, date, seatNo)).toMatchObject({ status: 'HELD', reservationId: view.reservationId });
    }
    expect(await readReservation(table, view.reservationId)).toMatchObject({ seatNos: [2, 3, 4], price: 330_000 });
    expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 3, holds: { [view.reservationId]: startMs + holdTtlMs } });
  });

  it('holds nothing when one of the seats is taken, missing, or the seats would pass MAX_SEATS_PER_USER', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(6);
    const [first, second] = (await world.newUsers(2)) as [string, string];
    await world.hold({ userId: first, concertId, date, seatNo: 3 });

    await expect(world.hold({ userId: second, concertId, date, seatNos: [1, 2, 3] })).rejects.toMatchObject({ code: 'SEAT_ALREADY_RESERVED' });
    await expect(world.hold({ userId: second, concertId, date, seatNos: [1, 7] })).rejects.toMatchObject({ code: 'SEAT_NOT_FOUND' });
    await world.hold({ userId: second, concertId, date, seatNos: [1, 2] });
    await expect(world.hold({ userId: second, concertId, date, seatNos: [4, 5, 6] })).rejects.toMatchObject({ code: 'SEAT_LIMIT_EXCEEDED' });

    for (const seatNo of [4, 5, 6]) expect((await readSeat(table, concertId, date, seatNo))?.status).toBe('AVAILABLE');
    expect(await readUserDateSeats(table, second, concertId, date)).toMatchObject({ count: 2 });
    await expect(world.hold({ userId: second, concertId, date, seatNos: [4, 5] })).resolves.toMatchObject({ status: 'HELD' });
  });

  it('releases and cancels the whole reservation: every seat AVAILABLE, every slot back', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(6);
    const [userId] = (await world.newUsers(1)) as [string];
    const cancelled = await world.hold({ userId, concertId, date, seatNos: [1, 2] });
    const expiring = await world.hold({ userId, concertId, date, seatNos: [3, 4] });

    await world.cancel({ userId, reservationId: cancelled.reservationId });
    world.clock.advance(holdTtlMs);
    await expect(world.release(expiring.reservationId)).resolves.toBe(true);

    for (const seatNo of [1, 2, 3, 4]) expect((await readSeat(table, concertId, date, seatNo))?.status).toBe('AVAILABLE');
    expect(await readReservation(table, cancelled.reservationId)).toMatchObject({ status: 'CANCELLED' });
    expect(await readReservation(table, expiring.reservationId)).toMatchObject({ status: 'EXPIRED' });
    expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 0, holds: {} });
  });

  it('takes over seats of an expired multi-seat hold: the old reservation is released whole first', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(4);
    const [first, second] = (await world.newUsers(2)) as [string, string];
    const old = await world.hold({ userId: first, concertId, date, seatNos: [1, 2, 3] });
    world.clock.advance(holdTtlMs);

    const fresh = await world.hold({ userId: second, concertId, date, seatNos: [2] });

    expect(await readReservation(table, old.reservationId)).toMatchObject({ status: 'EXPIRED' });
    expect((await readSeat(table, concertId, date, 1))?.status).toBe('AVAILABLE');
    expect(await readSeat(table, concertId, date, 2)).toMatchObject({ status: 'HELD', reservationId: fresh.reservationId });
    expect(await readUserDateSeats(table, first, concertId, date)).toMatchObject({ count: 0 });
  });

  it('shows each seat with its grade and price, and the dates listing with per-grade availability ascending by price', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(6, [date], grades);
    const [userId] = (await world.newUsers(1)) as [string];
    await world.hold({ userId, concertId, date, seatNos: [1, 3] });
    const seats = new DynamoSeatRepository(table.db, table.tableName);

    const map = await listSeatMap({ seats, clock: world.clock })(concertId, date);
    expect(map.seats.map(({ seatNo, grade, price }) => [seatNo, grade, price])).toEqual([
      [1, 'VIP', 150_000],
      [2, 'VIP', 150_000],
      [3, 'R', 90_000],
      [4, 'R', 90_000],
      [5, 'R', 90_000],
      [6, 'R', 90_000],
    ]);
    const dates = await listBookableDates({ concerts: new DynamoConcertRepository(table.db, table.tableName), seats, clock: world.clock })(concertId);
    expect(dates).toEqual([
      {
        date,
        price: 90_000,
        totalSeats: 6,
        availableSeats: 4,
        grades: [
          { grade: 'R', price: 90_000, availableSeats: 3 },
          { grade: 'VIP', price: 150_000, availableSeats: 1 },
        ],
      },
    ]);
  });

  it('lets 200 fans race for 50 seats with 2-4 seats each: no seat twice, every hold whole, no partial reservation', async () => {
    const world = holdWorld(table);
    const seatCount = 50;
    const concertId = await world.newConcert(seatCount);
    const users = await world.newUsers(200);
    const seatNosOf = () => {
      const wanted = 2 + Math.floor(Math.random() * 3);
      const picked = new Set<number>();
      while (picked.size < wanted) picked.add(1 + Math.floor(Math.random() * seatCount));
      return [...picked];
    };
    /** Each fan tries up to three random sets; a refusal of a taken seat is the expected outcome of a lost race. */
    const race = async (userId: string) => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          return await world.hold({ userId, concertId, date, seatNos: seatNosOf() });
        } catch (error) {
          if ((error as { code?: string }).code !== 'SEAT_ALREADY_RESERVED') throw error;
        }
      }
      return undefined;
    };

    const { succeeded, errorCodes } = await settle(users.map(race));

    expect(errorCodes).toEqual([]);
    const holds = succeeded.filter((hold) => hold !== undefined);
    const heldSeatNos = holds.flatMap((hold) => hold.seatNos);
    expect(new Set(heldSeatNos).size).toBe(heldSeatNos.length);
    const seats = await Promise.all(Array.from({ length: seatCount }, (_, index) => readSeat(table, concertId, date, index + 1)));
    const seatsByReservation = new Map<string, number[]>();
    for (const seat of seats) {
      if (seat?.status === 'HELD') seatsByReservation.set(seat.reservationId as string, [...(seatsByReservation.get(seat.reservationId as string) ?? []), seat.seatNo as number]);
      else expect(seat?.status).toBe('AVAILABLE');
    }
    // Every held seat belongs to a reservation that was answered 201, and every such reservation has all its seats.
    expect([...seatsByReservation.keys()].sort()).toEqual(holds.map((hold) => hold.reservationId).sort());
    for (const hold of holds) {
      expect(seatsByReservation.get(hold.reservationId)?.sort((a, b) => a - b)).toEqual(hold.seatNos);
      expect(await readReservation(table, hold.reservationId)).toMatchObject({ status: 'HELD', seatNos: hold.seatNos });
    }
    const counters = await Promise.all(users.map((userId) => readUserDateSeats(table, userId, concertId, date)));
    const countedSeats = counters.reduce((sum, counter) => sum + ((counter?.count as number | undefined) ?? 0), 0);
    expect(countedSeats).toBe(heldSeatNos.length);
  }, raceTimeoutMs);
});
