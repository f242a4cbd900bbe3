import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { countBy, holdWorld, readReservation, readSeat, readUserDateSeats, settle } from './hold-fixtures';
import { quietSocketWarnings } from '../../support/quiet-socket-warnings';

const date = '2099-12-24';

/** Jest ignores a per-project testTimeout, so the long races say their own (generous: 1,000 users are registered first on a busy machine). */
const raceTimeoutMs = 300_000;

/** Fisher–Yates: every user tries the seats in their own random order. */
const shuffled = <T>(values: readonly T[]): T[] => {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

describe('seat hold contention over DynamoDB Local', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
    quietSocketWarnings();
  });

  afterAll(() => jest.restoreAllMocks());

  it('gives a hot seat to exactly one of 1,000 simultaneous holds and refuses the other 999 with SEAT_ALREADY_RESERVED', async () => {
    const world = holdWorld(table);
    const concertId = await world.newConcert(1);
    const users = await world.newUsers(1000);

    const { succeeded, errorCodes } = await settle(users.map((userId) => world.hold({ userId, concertId, date, seatNo: 1 })));

    expect(succeeded).toHaveLength(1);
    expect(countBy(errorCodes)).toEqual({ SEAT_ALREADY_RESERVED: 999 });
    const [winner] = succeeded;
    const seat = await readSeat(table, concertId, date, 1);
    expect(seat).toMatchObject({ status: 'HELD', reservationId: winner?.reservationId });
    expect(await readReservation(table, winner?.reservationId as string)).toMatchObject({ status: 'HELD', userId: seat?.holderId });
    const counters = await Promise.all(users.map((userId) => readUserDateSeats(table, userId, concertId, date)));
    expect(counters.filter((counter) => counter !== undefined)).toEqual([
      expect.objectContaining({ count: 1, holds: { [winner?.reservationId as string]: expect.any(Number) } }),
    ]);
  }, raceTimeoutMs);

  it('seats 200 users racing for 50 seats one holder per seat, with reservations matching the seats', async () => {
    const world = holdWorld(table);
    const seatCount = 50;
    const concertId = await world.newConcert(seatCount);
    const users = await world.newUsers(200);
    const seatNos = Array.from({ length: seatCount }, (_, index) => index + 1);

    /** Tries seats in a random order until one is held or every seat was refused. */
    const race = async (userId: string) => {
      for (const seatNo of shuffled(seatNos)) {
        try {
          return await world.hold({ userId, concertId, date, seatNo });
        } catch (error) {
          if ((error as { code?: string }).code !== 'SEAT_ALREADY_RESERVED') throw error;
        }
      }
      return undefined;
    };
    const { succeeded, errorCodes } = await settle(users.map(race));

    expect(errorCodes).toEqual([]);
    const holds = succeeded.filter((hold) => hold !== undefined);
    expect(holds).toHaveLength(seatCount);
    expect(new Set(holds.map((hold) => hold.seatNo)).size).toBe(seatCount);

    const seats = await Promise.all(seatNos.map((seatNo) => readSeat(table, concertId, date, seatNo)));
    expect(seats.every((seat) => seat?.status === 'HELD')).toBe(true);
    const seatByReservation = new Map(seats.map((seat) => [seat?.reservationId as string, seat]));
    expect(seatByReservation.size).toBe(seatCount);
    for (const hold of holds) {
      const reservation = await readReservation(table, hold.reservationId);
      const seat = seatByReservation.get(hold.reservationId);
      expect(reservation).toMatchObject({ status: 'HELD', seatNos: [seat?.seatNo], userId: seat?.holderId });
    }
    const counters = await Promise.all(users.map((userId) => readUserDateSeats(table, userId, concertId, date)));
    const holders = counters.filter((counter) => counter !== undefined);
    expect(holders).toHaveLength(seatCount);
    expect(holders.every((counter) => counter.count === 1 && Object.keys(counter.holds as object).length === 1)).toBe(true);
  }, raceTimeoutMs);
});
