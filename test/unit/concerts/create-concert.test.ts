import type { Concert, ConcertDate } from '../../../lambdas/domain/concert';
import { createConcert } from '../../../lambdas/use-cases/concerts/create-concert';
import type { ConcertRepository } from '../../../lambdas/use-cases/concerts/ports';

const recordingRepository = () => {
  const created: { concert: Concert; dates: readonly ConcertDate[] }[] = [];
  const repository: ConcertRepository = {
    listConcerts: async () => [],
    findConcertWithDates: async () => undefined,
    findConcert: async () => undefined,
    changeSale: async () => 'notFound',
    createConcert: async (concert, dates) => {
      created.push({ concert, dates });
    },
  };
  return { repository, created };
};

describe('createConcert', () => {
  const command = { title: ' Winter Live ', venue: 'Hall', dates: ['2026-12-25', '2026-12-24', '2026-12-25'], seatsPerDate: 50, price: 50_000 };

  it('stores the concert with its distinct dates in ascending order', async () => {
    const { repository, created } = recordingRepository();
    const result = await createConcert({ concerts: repository, ids: { newId: () => 'c1' } })(command);
    expect(result.concert).toEqual({ concertId: 'c1', title: 'Winter Live', venue: 'Hall', lastDate: '2026-12-25' });
    expect(created[0]?.dates.map((date) => date.date)).toEqual(['2026-12-24', '2026-12-25']);
    expect(created[0]?.dates[0]).toEqual({ concertId: 'c1', date: '2026-12-24', price: 50_000, totalSeats: 50 });
  });

  it('keeps the sale opening and room size it is given', async () => {
    const { repository, created } = recordingRepository();
    await createConcert({ concerts: repository, ids: { newId: () => 'c1' } })({ ...command, saleOpensAtMs: 1_800_000_000_000, maxActive: 7 });
    expect(created[0]?.concert).toMatchObject({ saleOpensAtMs: 1_800_000_000_000, maxActive: 7 });
  });

  it.each([
    ['an invalid date', { dates: ['2026-02-30'] }],
    ['no dates', { dates: [] }],
    ['zero seats', { seatsPerDate: 0 }],
    ['a fractional price', { price: 10.5 }],
    ['a blank title', { title: '  ' }],
    ['a room of zero', { maxActive: 0 }],
    ['a fractional room size', { maxActive: 2.5 }],
  ])('rejects %s without writing anything', async (_, change) => {
    const { repository, created } = recordingRepository();
    await expect(createConcert({ concerts: repository, ids: { newId: () => 'c1' } })({ ...command, ...change })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    expect(created).toHaveLength(0);
  });
});
