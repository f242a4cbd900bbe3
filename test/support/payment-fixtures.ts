import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoBalanceRepository } from '../../lambdas/adapters/dynamodb/balance-repository';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoIdempotencyRecordRepository } from '../../lambdas/adapters/dynamodb/idempotency-record-repository';
import { DynamoPaymentRepository } from '../../lambdas/adapters/dynamodb/payment-repository';
import { DynamoQueueTokenIssuer } from '../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoRoomRepository } from '../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoReservationRepository } from '../../lambdas/adapters/dynamodb/reservation-repository';
import { DynamoSeatHoldRepository } from '../../lambdas/adapters/dynamodb/seat-hold-repository';
import type { ItemKey } from '../../lambdas/adapters/dynamodb/table';
import { ledgerPrefix } from '../../lambdas/adapters/dynamodb/entities/ledger-entry';
import { paymentPrefix } from '../../lambdas/adapters/dynamodb/entities/payment';
import { JwtQueueTokens } from '../../lambdas/adapters/jwt/jwt-queue-tokens';
import { signingKeysFromEnvironment } from '../../lambdas/adapters/jwt/signing-keys';
import { systemClock, uuidGenerator } from '../../lambdas/adapters/system';
import { loadSettings } from '../../lambdas/config';
import type { QueuePolicy } from '../../lambdas/domain/queue';
import { chargeBalance } from '../../lambdas/use-cases/balance/charge-balance';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';
import { payReservation } from '../../lambdas/use-cases/payments/pay-reservation';
import type { Clock } from '../../lambdas/use-cases/ports';
import { issueQueueToken } from '../../lambdas/use-cases/queue/issue-queue-token';
import { cancelReservation } from '../../lambdas/use-cases/reservations/cancel-reservation';
import { holdSeats } from '../../lambdas/use-cases/reservations/hold-seat';
import { releaseHold } from '../../lambdas/use-cases/reservations/release-hold';
import type { TestTable } from './dynamodb';
import type { UserWithKey } from './users';
import { userRegistry } from './users';

/** Tests sign and verify queue tokens with this key; set before any handler module is imported. */
export const useTestJwtSecret = (): void => {
  process.env.JWT_SECRET ??= 'payment-and-balance-tests-jwt-secret-0123456789';
};

export const fixedClock = (nowMs: number): Clock => ({ now: () => nowMs });

export interface IssuedToken {
  readonly jwt: string;
  readonly tokenId: string;
  readonly status: string;
}

/**
 * Builds users, concerts, tokens and holds through the real use cases against one test table, plus the direct
 * reads the assertions need. Use cases take a clock so that tests can place holds in the past.
 */
export const paymentWorld = (table: TestTable) => {
  useTestJwtSecret();
  const { db, tableName } = table;
  const settings = loadSettings();
  const policy: QueuePolicy = {
    maxActiveTokens: settings.maxActiveTokens,
    activeTokenTtlSeconds: settings.activeTokenTtlSeconds,
    waitingTokenIdleSeconds: settings.waitingTokenIdleSeconds,
  };
  const jwt = new JwtQueueTokens(signingKeysFromEnvironment());
  const tokens = new DynamoQueueTokenIssuer(db, tableName, settings.queueShards);
  const reservations = new DynamoReservationRepository(db, tableName);
  const holds = new DynamoSeatHoldRepository(db, tableName);
  const balances = new DynamoBalanceRepository(db, tableName);
  const idempotencyRecords = new DynamoIdempotencyRecordRepository(db, tableName);
  const endHoldDeps = { reservations, holds };
  const registerWithKey = userRegistry(table);

  const getItem = async (key: ItemKey): Promise<Record<string, unknown> | undefined> =>
    (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const queryPrefix = async ({ pk, skPrefix }: { pk: string; skPrefix: string }): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  return {
    policy,
    /** Signs queue tokens as the service does: a test can give a token's claims a signature of another validity. */
    signer: jwt,
    newUser: async (): Promise<string> => (await registerWithKey('Fan')).userId,
    /** A user and the user key POST /users would have returned, for the "(user)" routes. */
    newUserWithKey: (): Promise<UserWithKey> => registerWithKey('Fan'),

    newConcert: async (options: { price?: number; seats?: number; date?: string } = {}) => {
      const { concert, dates } = await createConcert({ concerts: new DynamoConcertRepository(db, tableName), ids: uuidGenerator })({
        title: 'Payment Live',
        venue: 'Olympic Hall',
        dates: [options.date ?? '2099-12-24'],
        seatsPerDate: options.seats ?? 10,
        price: options.price ?? 50_000,
      });
      return { concertId: concert.concertId, date: dates[0]!.date, price: dates[0]!.price };
    },

    issueToken: async (userId: string, concertId: string): Promise<IssuedToken> => {
      const issued = await issueQueueToken({
        tokens,
        rooms: new DynamoRoomRepository(db, tableName, settings.queueShards, systemClock),
        signer: jwt,
        clock: systemClock,
        ids: uuidGenerator,
        policy,
      })(userId, concertId);
      const claims = await jwt.verify(issued.jwt, systemClock.now());
      return { jwt: issued.jwt, tokenId: claims.tokenId, status: issued.status };
    },

    /** One seat (a number) or several (a list) in one reservation. */
    hold: (userId: string, concertId: string, date: string, seats: number | readonly number[], clock: Clock = systemClock) =>
      holdSeats({
        holds,
        reservations,
        clock,
        ids: uuidGenerator,
        settings,
        policy,
      })({ userId, concertId, date, seatNos: typeof seats === 'number' ? [seats] : seats }),

    release: (reservationId: string, clock: Clock = systemClock) => releaseHold({ ...endHoldDeps, clock })(reservationId),
    cancel: (userId: string, reservationId: string, clock: Clock = systemClock) =>
      cancelReservation({ ...endHoldDeps, clock })({ userId, reservationId }),

    charge: chargeBalance({ balances, idempotencyRecords, clock: systemClock, ids: uuidGenerator }),
    pay: (clock: Clock = systemClock) =>
      payReservation({
        tokens,
        policy,
        reservations,
        payments: new DynamoPaymentRepository(db, tableName),
        idempotencyRecords,
        clock,
        ids: uuidGenerator,
      }),

    balanceOf: async (userId: string): Promise<number> => (await balances.findBalance(userId)) ?? Number.NaN,
    ledgerOf: (userId: string) => queryPrefix(ledgerPrefix(userId)),
    /** The recorded response of a keyed request, or undefined (the request took no effect). */
    recordOf: (userId: string, key: string) => idempotencyRecords.findRecord(userId, key),
    paymentsOf: (userId: string) => queryPrefix(paymentPrefix(userId)),
    getItem,
  };
};

export type PaymentWorld = ReturnType<typeof paymentWorld>;

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
