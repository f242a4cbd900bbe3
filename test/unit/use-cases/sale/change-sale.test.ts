import type { Concert } from '../../../../lambdas/domain/concert';
import type { SaleChange } from '../../../../lambdas/use-cases/concerts/ports';
import { changeSale } from '../../../../lambdas/use-cases/sale/change-sale';

describe('changeSale', () => {
  const clock = { now: () => 1_000 };
  const setUp = (answer: (change: SaleChange) => Concert | 'notFound' | 'alreadyOpen') => {
    const changes: SaleChange[] = [];
    const change = changeSale({
      concerts: { changeSale: async (_concertId, saleChange) => (changes.push(saleChange), answer(saleChange)) },
      clock,
    });
    return { change, changes };
  };
  const concert = (extra: Partial<Concert> = {}): Concert => ({ concertId: 'c1', title: 'T', venue: 'V', ...extra });

  it('only writes the change and answers the concert as stored: the server admits and draws in reaction to it', async () => {
    // No admission or draw port at all: whoever runs the command cannot fill the room with settings of their own.
    const { change, changes } = setUp((saleChange) => concert({ maxActive: saleChange.maxActive as number }));
    await expect(change({ concertId: 'c1', maxActive: 10, paused: false })).resolves.toEqual(concert({ maxActive: 10 }));
    expect(changes).toEqual([{ nowMs: 1_000, maxActive: 10, paused: false }]);
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
