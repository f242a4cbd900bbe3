import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { reservationKey } from '../../lambdas/adapters/dynamodb/entities/reservation';
import { seatsOfDateKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import { userProfileKey } from '../../lambdas/adapters/dynamodb/entities/user';
import { keys } from '../../lambdas/adapters/dynamodb/table';
import { ledgerPrefix } from '../../lambdas/adapters/dynamodb/entities/ledger-entry';
import { paymentPrefix } from '../../lambdas/adapters/dynamodb/entities/payment';
import { queryAll } from '../../lambdas/adapters/dynamodb/query';
import { Limiter } from './http';

export interface InvariantResult {
  readonly name: string;
  readonly holds: boolean;
  readonly detail: string;
}

/** The invariants one scenario checked, in order. */
export class InvariantLog {
  public readonly results: InvariantResult[] = [];

  public check(name: string, holds: boolean, detail: string): void {
    this.results.push({ name, holds, detail });
  }

  public get allHold(): boolean {
    return this.results.every((result) => result.holds);
  }

  public failures(): InvariantResult[] {
    return this.results.filter((result) => !result.holds);
  }
}

type Item = Record<string, unknown>;

/** Reads the table directly, by key or by one known partition; never a Scan. */
export class TableReader {
  private readonly limiter = new Limiter(32);

  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    return this.limiter.run(async () => (await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item);
  }

  private partition(pk: string, skPrefix: string): Promise<Item[]> {
    return this.limiter.run(() =>
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      }),
    );
  }

  /** Every seat of one date: one Query on its partition. */
  public seats(concertId: string, date: string): Promise<Item[]> {
    const { pk, skPrefix } = seatsOfDateKey(concertId, date);
    return this.partition(pk, skPrefix);
  }

  /** A user's partition: profile (balance), ledger entries, payments, idempotency records, locks, seat counters. */
  public async userPartition(userId: string): Promise<{ profile: Item | undefined; ledger: Item[]; payments: Item[] }> {
    const profileKey = userProfileKey(userId);
    const [profile, ledger, payments] = await Promise.all([
      this.get(profileKey),
      this.partition(ledgerPrefix(userId).pk, ledgerPrefix(userId).skPrefix),
      this.partition(paymentPrefix(userId).pk, paymentPrefix(userId).skPrefix),
    ]);
    return { profile, ledger, payments };
  }

  public reservation(reservationId: string): Promise<Item | undefined> {
    return this.get(reservationKey(reservationId));
  }

  public room(concertId: string): Promise<Item | undefined> {
    return this.get(keys.room(concertId));
  }
}
