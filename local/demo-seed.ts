import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../lambdas/adapters/system';
import { utcDate } from '../lambdas/domain/calendar';
import type { CreateConcertCommand } from '../lambdas/use-cases/concerts/create-concert';
import { createConcert } from '../lambdas/use-cases/concerts/create-concert';

const dayMs = 24 * 60 * 60 * 1000;

/** The demo concert: three dates one, two and three weeks after `nowMs` (UTC), 50 seats each at 50,000 won. */
export const demoConcert = (nowMs: number): CreateConcertCommand => ({
  title: 'Demo Concert',
  venue: 'Olympic Hall',
  dates: [7, 14, 21].map((days) => utcDate(nowMs + days * dayMs)),
  seatsPerDate: 50,
  price: 50_000,
});

/**
 * Creates the demo concert unless the table already has a concert (so restarts with kept data do not add
 * another). Returns the created concert's id and dates, or undefined when it seeded nothing.
 */
export const seedDemoConcert = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  nowMs: number,
): Promise<{ concertId: string; dates: string[] } | undefined> => {
  const concerts = new DynamoConcertRepository(db, tableName);
  if ((await concerts.listConcerts()).length > 0) return undefined;
  const { concert, dates } = await createConcert({ concerts, ids: uuidGenerator })(demoConcert(nowMs));
  return { concertId: concert.concertId, dates: dates.map(({ date }) => date) };
};
