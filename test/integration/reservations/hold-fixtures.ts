import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoReservationRepository } from '../../../lambdas/adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../../../lambdas/adapters/dynamodb/seat-hold-repository';
import { reservationKey } from '../../../lambdas/adapters/dynamodb/entities/reservation';
import { seatKey } from '../../../lambdas/adapters/dynamodb/entities/seat';
import { userDateSeatsKey } from '../../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import type { CreateConcertCommand } from '../../../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import { cancelReservation } from '../../../lambdas/use-cases/reservations/cancel-reservation';
import { getReservation } from '../../../lambdas/use-cases/reservations/get-reservation';
import type { HoldSeatsCommand } from '../../../lambdas/use-cases/reservations/hold-seat';
import { holdSeats } from '../../../lambdas/use-cases/reservations/hold-seat';
import { releaseHold } from '../../../lambdas/use-cases/reservations/release-hold';
import type { TestTable } from '../../support/dynamodb';
import { userRegistry } from '../../support/users';

export const startMs = Date.parse('2099-12-01T00:00:00.000Z');
export const holdTtlSeconds = 300;
export const holdTtlMs = holdTtlSeconds * 1000;

/** A clock tests move by hand. */
export const manualClock = (nowMs = startMs) => {
  let current = nowMs;
  return { now: () => current, advance: (ms: number) => void (current += ms) };
};

/** A hold request in the v1 form (`seatNo`) or the v2 form (`seatNos`), as the HTTP body allows. */
export type HoldRequest = Omit<HoldSeatsCommand, 'seatNos'> & ({ readonly seatNo: number } | { readonly seatNos: readonly number[] });

export const seatNosOfRequest = (request: HoldRequest): readonly number[] => ('seatNos' in request ? request.seatNos : [request.seatNo]);

/** The hold use cases wired to the real table and a hand-moved clock. */
export const holdWorld = (table: TestTable, options: { maxSeatsPerUser?: number; clock?: ReturnType<typeof manualClock> } = {}) => {
  const clock = options.clock ?? manualClock();
  const holds = new DynamoSeatHoldRepository(table.db, table.tableName);
  const reservations = new DynamoReservationRepository(table.db, table.tableName);
  const settings = { holdTtlSeconds, maxSeatsPerUser: options.maxSeatsPerUser ?? 4 };
  const register = userRegistry(table);
  // Holds without a token: these tests are about seats (the token read is tested over HTTP).
  const policy = { maxActiveTokens: 100, activeTokenTtlSeconds: 300, waitingTokenIdleSeconds: 120 };
  const hold = holdSeats({ holds, reservations, clock, ids: uuidGenerator, settings, policy });
  return {
    clock,
    hold: ({ userId, concertId, date, ...seats }: HoldRequest) => hold({ userId, concertId, date, seatNos: seatNosOfRequest({ userId, concertId, date, ...seats } as HoldRequest) }),
    release: releaseHold({ holds, reservations, clock }),
    cancel: cancelReservation({ holds, reservations, clock }),
    get: getReservation({ reservations, clock }),
    newConcert: async (seatsPerDate: number, dates = ['2099-12-24'], grades?: CreateConcertCommand['grades']) => {
      const { concert } = await createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
        title: 'Winter Live',
        venue: 'Olympic Hall',
        dates,
        seatsPerDate,
        ...(grades ? { grades } : { price: 50_000 }),
      });
      return concert.concertId;
    },
    newUsers: async (count: number): Promise<string[]> =>
      Promise.all(Array.from({ length: count }, async (_, index) => (await register(`fan ${index}`)).userId)),
  };
};

export const readItem = async (table: TestTable, key: { pk: string; sk: string }) =>
  (await table.db.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;

export const readSeat = (table: TestTable, concertId: string, date: string, seatNo: number) =>
  readItem(table, seatKey(concertId, date, seatNo));
export const readReservation = (table: TestTable, reservationId: string) => readItem(table, reservationKey(reservationId));
export const readUserDateSeats = (table: TestTable, userId: string, concertId: string, date: string) =>
  readItem(table, userDateSeatsKey(userId, concertId, date));

/** Overwrites attributes of an item directly, to set up states the API cannot reach on demand (a payment, a race). */
export const patchItem = async (table: TestTable, key: { pk: string; sk: string }, attributes: Record<string, unknown>) => {
  const names = Object.keys(attributes);
  await table.db.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: key,
      UpdateExpression: `SET ${names.map((_, index) => `#a${index} = :v${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, index) => [`:v${index}`, attributes[name]])),
    }),
  );
};

/** Reservation keys the expiry index lists as due at `nowMs` in the shard the reservation was written to. */
export const dueInExpiryShard = async (table: TestTable, expiryPk: string, nowMs: number): Promise<string[]> => {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: 'expiry',
      KeyConditionExpression: 'expiryPk = :pk AND expiresAt <= :now',
      ExpressionAttributeValues: { ':pk': expiryPk, ':now': nowMs },
    }),
  );
  return Items.map((item) => item.pk as string);
};

/** Settles every promise and sorts the outcomes into successes and error codes. */
export const settle = async <T>(attempts: Promise<T>[]) => {
  const results = await Promise.allSettled(attempts);
  const succeeded = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const errorCodes = results.flatMap((result) =>
    result.status === 'rejected' ? [(result.reason as { code?: string }).code ?? String(result.reason)] : [],
  );
  return { succeeded, errorCodes };
};

export const countBy = (values: readonly string[]): Record<string, number> =>
  values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
