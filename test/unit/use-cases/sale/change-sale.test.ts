import type { Concert } from '../../../../lambdas/domain/concert';
import type { SaleChange } from '../../../../lambdas/use-cases/concerts/ports';
import { changeSale } from '../../../../lambdas/use-cases/sale/change-sale';

describe('changeSale', () => {
  const clock = { now: () => 1_000 };
  const setUp = (answer: (change: SaleChange) => Concert | 'notFound' | 'alreadyOpen') => {
    const admitted: string[] = [];
    const opened: string[] = [];
    const changes: SaleChange[] = [];
    const change = changeSale({
      concerts: { changeSale: async (_concertId, saleChange) => (changes.push(saleChange), answer(saleChange)) },
      admit: async (concertId) => admitted.push(concertId),
      open: async (concertId) => opened.push(concertId),
      clock,
    });
    return { change, admitted, opened, changes };
  };
  const concert = (extra: Partial<Concert> = {}): Concert => ({ concertId: 'c1', title: 'T', venue: 'V', ...extra });

  it('admits into the free slots after a resume or a larger room, not after a pause', async () => {
    const { change, admitted } = setUp((saleChange) => concert({ ...(saleChange.paused ? { paused: true } : {}) }));
    await change({ concertId: 'c1', paused: false });
    await change({ concertId: 'c1', maxActive: 10 });
    await change({ concertId: 'c1', paused: true });
    expect(admitted).toEqual(['c1', 'c1']);
  });

  it('draws an opening moved to now before returning, and leaves a future one to its time', async () => {
    const { change, opened } = setUp((saleChange) => concert({ saleOpensAtMs: saleChange.saleOpensAtMs as number }));
    await change({ concertId: 'c1', saleOpensAtMs: 5_000 });
    expect(opened).toEqual([]);
    await change({ concertId: 'c1', saleOpensAtMs: 1_000 });
    expect(opened).toEqual(['c1']);
  });

  it('passes the clock along so the store can refuse moving an opening that has passed', async () => {
    const { change, changes } = setUp(() => concert());
    await change({ concertId: 'c1', saleOpensAtMs: 5_000 });
    expect(changes).toEqual([{ nowMs: 1_000, saleOpensAtMs: 5_000 }]);
  });

  it.each([
    ['nothing to change', {}, /nothing to change/],
    ['a room of zero', { maxActive: 0 }, /max-active must be an integer from 1/],
  ])('refuses %s without writing', async (_, command, message) => {
    const { change, changes } = setUp(() => concert());
    await expect(change({ concertId: 'c1', ...command })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(message) });
    expect(changes).toHaveLength(0);
  });

  it('tells an unknown concert from a sale that has already opened', async () => {
    await expect(setUp(() => 'notFound').change({ concertId: 'c1', paused: true })).rejects.toMatchObject({ code: 'CONCERT_NOT_FOUND' });
    await expect(setUp(() => 'alreadyOpen').change({ concertId: 'c1', saleOpensAtMs: 5_000 })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/already opened/),
    });
  });
});
