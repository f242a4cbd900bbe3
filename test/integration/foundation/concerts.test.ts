import { DynamoConcertRepository } from '../../../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';

describe('concert catalog over DynamoDB Local', () => {
  let table: TestTable;
  let handlers: { listConcerts: HttpHandler; listDates: HttpHandler };

  beforeAll(async () => {
    table = await createTestTable();
    handlers = {
      listConcerts: (await import('../../../lambdas/handlers/list-concerts')).handler,
      listDates: (await import('../../../lambdas/handlers/list-concert-dates')).handler,
    };
  });

  const create = (dates: string[], seats = 3) =>
    createConcert({ concerts: new DynamoConcertRepository(table.db, table.tableName), ids: uuidGenerator })({
      title: 'Winter Live',
      venue: 'Olympic Hall',
      dates,
      seatsPerDate: seats,
      price: 50_000,
    });

  it('lists created concerts with title and venue', async () => {
    const { concert } = await create(['2099-12-24']);
    const response = await invoke(handlers.listConcerts, { rawPath: '/concerts' });
    expect(response.statusCode).toBe(200);
    expect(response.body.concerts).toContainEqual({ concertId: concert.concertId, title: 'Winter Live', venue: 'Olympic Hall', saleOpensAt: null, status: 'ON_SALE' });
  });

  it('lists only future dates, ascending, with their seat counts', async () => {
    const { concert } = await create(['2099-12-25', '2000-01-01', '2099-12-24']);
    const response = await invoke(handlers.listDates, {
      rawPath: `/concerts/${concert.concertId}/dates`,
      pathParameters: { concertId: concert.concertId },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      concertId: concert.concertId,
      dates: [
        { date: '2099-12-24', price: 50_000, totalSeats: 3, availableSeats: 3, grades: [{ grade: 'STANDARD', price: 50_000, availableSeats: 3 }] },
        { date: '2099-12-25', price: 50_000, totalSeats: 3, availableSeats: 3, grades: [{ grade: 'STANDARD', price: 50_000, availableSeats: 3 }] },
      ],
    });
  });

  it('answers 404 CONCERT_NOT_FOUND for an unknown concert', async () => {
    const response = await invoke(handlers.listDates, { rawPath: '/concerts/nope/dates', pathParameters: { concertId: 'nope' } });
    expect(response.statusCode).toBe(404);
    expect(response.body.error.code).toBe('CONCERT_NOT_FOUND');
  });

  it('answers 400 VALIDATION_ERROR for a malformed concert id', async () => {
    const response = await invoke(handlers.listDates, { rawPath: '/concerts/a b/dates', pathParameters: { concertId: 'a b' } });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });
});
