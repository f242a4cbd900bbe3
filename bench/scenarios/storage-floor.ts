import { Agent } from 'node:http';
import { TransactionCanceledException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { holdTransactionItems } from '../../lambdas/adapters/dynamodb/seat-hold-repository';
import type { TransactItem } from '../../lambdas/adapters/dynamodb/transactions';
import { seatKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import { userDateSeatsKey } from '../../lambdas/adapters/dynamodb/entities/user-date-seats';
import { ReservationStatus } from '../../lambdas/domain/reservation';
import { SeatStatus } from '../../lambdas/domain/seat';
import { Limiter } from '../lib/http';
import type { LatencySummary } from '../lib/stats';
import { perSecond, summarize } from '../lib/stats';


export interface FloorHold {
  readonly userId: string;
  readonly concertId: string;
  readonly date: string;
  readonly seatNo: number;
}

export interface FloorResult {
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** `held`, `refused by read` (the seat was not AVAILABLE), or the transaction's cancellation reasons. */
  readonly outcomes: Readonly<Record<string, number>>;
}

const holdTtlMs = 300_000;
const maxSeatsPerUser = 4;

/**
 * The storage work of one hold, as DynamoSeatHoldRepository does it (lambdas/adapters/dynamodb/seat-hold-repository.ts)
 * and transactWrite sends it (ALL_OLD on failed conditions): strongly consistent read of the seat, refuse if it is
 * not AVAILABLE; read of the user's date seats; one transaction of seat update, reservation put, and the user date
 * seats update (create form or `count < max` form). No HTTP, no token check, no retries.
 */
const holdDirectly = async (db: DynamoDBDocumentClient, tableName: string, hold: FloorHold): Promise<string> => {
  const read = async (key: { pk: string; sk: string }) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const seat = await read(seatKey(hold.concertId, hold.date, hold.seatNo));
  if (!seat || seat.status !== SeatStatus.available) return 'refused by read';
  const userDateSeats = await read(userDateSeatsKey(hold.userId, hold.concertId, hold.date));

  const nowMs = Date.now();
  const { seatNo, ...owner } = hold;
  const reservation = {
    reservationId: randomUUID(),
    ...owner,
    seatNos: [seatNo],
    price: seat.price as number,
    status: ReservationStatus.held,
    expiresAtMs: nowMs + holdTtlMs,
  };
  // Exactly the items the service's hold writes, from the same builder; ALL_OLD as transactWrite asks for it.
  const items = holdTransactionItems(tableName, { reservation, maxSeatsPerUser, userDateSeatsExists: userDateSeats !== undefined, nowMs }).map(
    (item) => {
      const [kind, operation] = Object.entries(item)[0] as [string, Record<string, unknown>];
      return { [kind]: { ...operation, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItem;
    },
  );
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'held';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    return `cancelled ${(error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None').join(',')}`;
  }
};

/**
 * Scenario 4: the same holds straight through the AWS SDK against the same DynamoDB Local, with as many in flight
 * as the HTTP run had, and a socket per request in flight (the service's own client keeps the SDK default of 50).
 */
export const runStorageFloor = async (
  options: { readonly endpoint: string; readonly tableName: string; readonly concurrency: number },
  holds: readonly FloorHold[],
): Promise<FloorResult> => {
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: options.concurrency }) },
    maxAttempts: 1,
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const limiter = new Limiter(options.concurrency);
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  try {
    const started = performance.now();
    await Promise.all(
      holds.map((hold) =>
        limiter.run(async () => {
          const sent = performance.now();
          let outcome: string;
          try {
            outcome = await holdDirectly(db, options.tableName, hold);
          } catch (error) {
            outcome = `error ${(error as Error).name}`;
          }
          latencies.push(performance.now() - sent);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }),
      ),
    );
    const elapsedMs = performance.now() - started;
    return { attempts: holds.length, elapsedMs: Math.round(elapsedMs), perSecond: perSecond(holds.length, elapsedMs), latency: summarize(latencies), outcomes };
  } finally {
    db.destroy();
  }
};
