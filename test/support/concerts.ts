import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../../lambdas/adapters/system';
import type { CreateConcertCommand } from '../../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';

export interface SeededConcert {
  readonly concertId: string;
  /** Its first (or only) date. */
  readonly date: string;
}

/** A date far enough ahead to stay open for booking whenever the tests run. */
export const openDate = '2099-12-24';

/**
 * Creates concerts through the real use case on a test table (a test server's or a test file's), one per test
 * that needs its own room and seats: 10 seats at 50,000 won on `openDate` unless the test says otherwise.
 */
export const concertSeeder = (table: { readonly db: DynamoDBDocumentClient; readonly tableName: string }) => {
  const create = createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator });
  return async (overrides: Partial<CreateConcertCommand> = {}): Promise<SeededConcert> => {
    const { concert, dates } = await create({ title: 'Test Concert', venue: 'Test Hall', dates: [openDate], seatsPerDate: 10, price: 50_000, ...overrides });
    return { concertId: concert.concertId, date: (dates[0] as { date: string }).date };
  };
};
