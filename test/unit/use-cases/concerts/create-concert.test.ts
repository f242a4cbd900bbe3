import type { Concert, ConcertDate } from '../../../../lambdas/domain/concert';
import { createConcert } from '../../../../lambdas/use-cases/concerts/create-concert';
import type { ConcertRepository } from '../../../../lambdas/use-cases/concerts/ports';

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
  const concert = { title: ' Winter Live ', venue: 'Hall', dates: ['2026-12-25', '2026-12-24', '2026-12-25'] };
  const command = { ...concert, seatsPerDate: 50, price: 50_000 };

  it('stores the concert with its distinct dates in ascending order', async () => {
    const { repository, created } = recordingRepository();
    const result = await createConcert({ concerts: repository, ids: { newId: () => 'c1' } })(command);
    expect(result.concert).toEqual({ concertId: 'c1', title: 'Winter Live', venue: 'Hall', lastDate: '2026-12-25' });
    expect(created[0]?.dates.map((date) => date.date)).toEqual(['2026-12-24', '2026-12-25']);
    expect(created[0]?.dates[0]).toEqual({
      concertId: 'c1',
      date: '2026-12-24',
      price: 50_000,
      totalSeats: 50,
      grades: [{ grade: 'STANDARD', price: 50_000, firstSeatNo: 1, lastSeatNo: 50 }],
    });
  });

  it('takes the seats and the lowest price from grades, which replace the one price', async () => {
    const { repository, created } = recordingRepository();
    const grades = [
      { grade: 'R', price: 90_000, firstSeatNo: 11, lastSeatNo: 50 },
      { grade: 'VIP', price: 150_000, firstSeatNo: 1, lastSeatNo: 10 },
    ];
    await createConcert({ concerts: repository, ids: { newId: () => 'c1' } })({ ...concert, grades });
    expect(created[0]?.dates[0]).toMatchObject({ price: 90_000, totalSeats: 50, grades: [grades[1], grades[0]] });
  });

  it.each([
    ['a gap between ranges', [{ grade: 'VIP', price: 1, firstSeatNo: 1, lastSeatNo: 10 }, { grade: 'R', price: 1, firstSeatNo: 12, lastSeatNo: 20 }], /without gaps/],
    ['overlapping ranges', [{ grade: 'VIP', price: 1, firstSeatNo: 1, lastSeatNo: 10 }, { grade: 'R', price: 1, firstSeatNo: 10, lastSeatNo: 20 }], /without gaps/],
    ['a range not starting at seat 1', [{ grade: 'VIP', price: 1, firstSeatNo: 2, lastSeatNo: 10 }], /from seat 1/],
    ['a repeated grade name', [{ grade: 'R', price: 1, firstSeatNo: 1, lastSeatNo: 10 }, { grade: 'R', price: 2, firstSeatNo: 11, lastSeatNo: 20 }], /distinct/],
    ['a lower-case grade name', [{ grade: 'vip', price: 1, firstSeatNo: 1, lastSeatNo: 10 }], /upper case/],
    ['a fractional price', [{ grade: 'VIP', price: 1.5, firstSeatNo: 1, lastSeatNo: 10 }], /integer number of won/],
    ['more than 1000 seats', [{ grade: 'VIP', price: 1, firstSeatNo: 1, lastSeatNo: 1001 }], /at most 1000 seats/],
  ])('rejects grades with %s, naming the rule', async (_, grades, message) => {
    const { repository, created } = recordingRepository();
    await expect(createConcert({ concerts: repository, ids: { newId: () => 'c1' } })({ ...concert, grades })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(message),
    });
    expect(created).toHaveLength(0);
  });

  it('rejects grades together with a price, and seats that differ from what the grades cover', async () => {
    const create = createConcert({ concerts: recordingRepository().repository, ids: { newId: () => 'c1' } });
    const grades = [{ grade: 'VIP', price: 1, firstSeatNo: 1, lastSeatNo: 10 }];
    await expect(create({ ...command, grades })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(create({ ...concert, seatsPerDate: 20, grades })).rejects.toMatchObject({ message: expect.stringMatching(/must equal/) });
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
