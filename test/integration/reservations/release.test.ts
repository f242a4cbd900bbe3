import type { SQSEvent } from 'aws-lambda';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { userDateSeatsKey } from '../../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { retentionSeconds, ttlAfter } from '../../../lambdas/adapters/dynamodb/table';
import { encodeHoldReleaseMessage } from '../../../lambdas/adapters/hold-release/message';
import { createTestTable } from '../../support/dynamodb';
import { lambdaContext } from '../../../local/api-gateway-event';
import type { TestTable } from '../../support/dynamodb';
import {
  dueInExpiryShard,
  holdTtlMs,
  holdWorld,
  manualClock,
  patchItem,
  readReservation,
  readSeat,
  readUserDateSeats,
  startMs,
} from './hold-fixtures';

const date = '2099-12-24';

describe('hold release over DynamoDB Local', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable();
  });

  /** A user holding seat 1 of a fresh concert, on a hand-moved clock, and another user. */
  const heldSeat = async () => {
    const clock = manualClock();
    const world = holdWorld(table, { clock });
    const concertId = await world.newConcert(1);
    const [userId, otherUserId] = (await world.newUsers(2)) as [string, string];
    const { reservationId } = await world.hold({ userId, concertId, date, seatNo: 1 });
    return { world, clock, concertId, userId, otherUserId, reservationId };
  };

  describe('releaseHold', () => {
    it('leaves a hold alone before its deadline', async () => {
      const { world, clock, concertId, userId, reservationId } = await heldSeat();
      clock.advance(holdTtlMs - 1);

      await expect(world.release(reservationId)).resolves.toBe(false);

      expect((await readReservation(table, reservationId))?.status).toBe('HELD');
      expect((await readSeat(table, concertId, date, 1))?.status).toBe('HELD');
      expect((await readUserDateSeats(table, userId, concertId, date))?.count).toBe(1);
    });

    it('releases an expired hold: reservation EXPIRED with its deadline kept, out of the expiry index, seat AVAILABLE, slot freed', async () => {
      const { world, clock, concertId, userId, reservationId } = await heldSeat();
      const expiryPk = (await readReservation(table, reservationId))?.expiryPk as string;
      clock.advance(holdTtlMs);

      await expect(world.release(reservationId)).resolves.toBe(true);

      const reservation = await readReservation(table, reservationId);
      expect(reservation).toMatchObject({
        status: 'EXPIRED',
        expiresAt: startMs + holdTtlMs,
        ttl: ttlAfter(clock.now(), retentionSeconds.endedReservation),
      });
      expect(reservation).not.toHaveProperty('expiryPk');
      expect(await dueInExpiryShard(table, expiryPk, clock.now())).not.toContain(reservationKey(reservationId).pk);
      const seat = await readSeat(table, concertId, date, 1);
      expect(seat?.status).toBe('AVAILABLE');
      expect(seat).not.toHaveProperty('reservationId');
      expect(seat).not.toHaveProperty('holderId');
      expect(seat).not.toHaveProperty('holdExpiresAt');
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 0, holds: {} });
    });

    it('is idempotent: a second release changes nothing', async () => {
      const { world, clock, concertId, userId, reservationId } = await heldSeat();
      clock.advance(holdTtlMs);
      await world.release(reservationId);
      const after = await Promise.all([readReservation(table, reservationId), readUserDateSeats(table, userId, concertId, date)]);

      await expect(world.release(reservationId)).resolves.toBe(false);

      expect(await Promise.all([readReservation(table, reservationId), readUserDateSeats(table, userId, concertId, date)])).toEqual(after);
    });

    it('releases once when many releases of the same hold run at the same time', async () => {
      const { world, clock, concertId, userId, reservationId } = await heldSeat();
      clock.advance(holdTtlMs);

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => world.release(reservationId)));

      expect(outcomes.filter(Boolean)).toHaveLength(1);

      expect((await readReservation(table, reservationId))?.status).toBe('EXPIRED');
      expect((await readSeat(table, concertId, date, 1))?.status).toBe('AVAILABLE');
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 0, holds: {} });
    });

    it('ignores an unknown reservation', async () => {
      const { world } = await heldSeat();
      await expect(world.release('no-such-reservation')).resolves.toBe(false);
    });

    it('never touches a paid hold', async () => {
      const { world, clock, concertId, userId, reservationId } = await heldSeat();
      // What a payment leaves: reservation CONFIRMED, seat SOLD, hold entry gone, the bought seat still counted.
      await patchItem(table, reservationKey(reservationId), { status: 'CONFIRMED' });
      await patchItem(table, seatKey(concertId, date, 1), { status: 'SOLD', ownerId: userId });
      await patchItem(table, userDateSeatsKey(userId, concertId, date), { holds: {} });
      clock.advance(holdTtlMs);

      await world.release(reservationId);

      expect((await readReservation(table, reservationId))?.status).toBe('CONFIRMED');
      expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'SOLD', reservationId, ownerId: userId });
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 1, holds: {} });
    });

    it('never frees a seat that is SOLD, even when the reservation still reads HELD', async () => {
      const { world, clock, concertId, reservationId } = await heldSeat();
      await patchItem(table, seatKey(concertId, date, 1), { status: 'SOLD' });
      clock.advance(holdTtlMs);

      await world.release(reservationId);

      expect((await readReservation(table, reservationId))?.status).toBe('EXPIRED');
      expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'SOLD', reservationId });
    });

    it('never frees a seat that another reservation holds now, but still ends its own reservation and slot', async () => {
      const { world, clock, concertId, userId, otherUserId, reservationId } = await heldSeat();
      await patchItem(table, seatKey(concertId, date, 1), {
        reservationId: 'someone-elses',
        holderId: otherUserId,
        holdExpiresAt: startMs + 2 * holdTtlMs,
      });
      clock.advance(holdTtlMs);

      await world.release(reservationId);

      expect((await readReservation(table, reservationId))?.status).toBe('EXPIRED');
      expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'HELD', reservationId: 'someone-elses', holderId: otherUserId });
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 0, holds: {} });
    });

    it('does not undo the next hold when a late release of the previous one arrives', async () => {
      const { world, clock, concertId, otherUserId, reservationId } = await heldSeat();
      clock.advance(holdTtlMs);
      const next = await world.hold({ userId: otherUserId, concertId, date, seatNo: 1 });

      await world.release(reservationId);

      expect(await readSeat(table, concertId, date, 1)).toMatchObject({ status: 'HELD', reservationId: next.reservationId });
      expect((await readReservation(table, next.reservationId))?.status).toBe('HELD');
    });
  });

  describe('release-expired-hold consumer', () => {
    const sqsEvent = (...bodies: [string, string][]): SQSEvent =>
      ({
        Records: bodies.map(([messageId, body]) => ({ messageId, body, receiptHandle: messageId, attributes: {}, messageAttributes: {} })),
      }) as unknown as SQSEvent;

    it('releases due holds, takes a duplicate message in its stride, and reports only the record that failed', async () => {
      const { handler } = await import('../../../lambdas/handlers/release-expired-hold');
      // Held on a clock 10 minutes behind: both holds are already past their deadline in real time.
      const world = holdWorld(table, { clock: manualClock(Date.now() - 2 * holdTtlMs) });
      const concertId = await world.newConcert(2);
      const [userId] = (await world.newUsers(1)) as [string];
      const due = await world.hold({ userId, concertId, date, seatNo: 1 });
      const broken = await world.hold({ userId, concertId, date, seatNo: 2 });
      // A counter that lost this hold's entry: no release can ever satisfy its conditions.
      await patchItem(table, userDateSeatsKey(userId, concertId, date), { holds: { [due.reservationId]: Date.now() - holdTtlMs } });
      const message = (reservationId: string) => encodeHoldReleaseMessage({ reservationId, releaseAtMs: Date.now() - holdTtlMs });

      const result = await handler(
        sqsEvent(['m-due', message(due.reservationId)], ['m-broken', message(broken.reservationId)], ['m-again', message(due.reservationId)]),
        lambdaContext('release-expired-hold'),
      );

      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-broken' }] });
      expect((await readReservation(table, due.reservationId))?.status).toBe('EXPIRED');
      expect((await readSeat(table, concertId, date, 1))?.status).toBe('AVAILABLE');
      expect((await readReservation(table, broken.reservationId))?.status).toBe('HELD');
      expect(await readUserDateSeats(table, userId, concertId, date)).toMatchObject({ count: 1, holds: {} });
    });
  });
});
