import { awaitsDraw, isOpeningDue, isOpeningPending, takesPreQueue } from '../../../lambdas/domain/pre-queue';

describe('pre-queue rules', () => {
  const opensAt = 1_800_000_000_000;

  it('keeps arrivals in the pre-queue until the opening has been drawn', () => {
    expect(takesPreQueue({ saleOpensAtMs: opensAt }, {})).toBe(true);
    expect(takesPreQueue({ saleOpensAtMs: opensAt }, { openedAtMs: opensAt + 5 })).toBe(false);
    expect(takesPreQueue({}, {})).toBe(false);
  });

  it('leaves a room with an opening to its draw until the draw has finished, whether or not the opening has come', () => {
    expect(awaitsDraw({ saleOpensAtMs: opensAt })).toBe(true);
    expect(awaitsDraw({ saleOpensAtMs: opensAt, openedAtMs: opensAt + 5 })).toBe(false);
    expect(awaitsDraw({})).toBe(false);
  });

  it('calls an opening pending once it is due by the given time and until it has been drawn', () => {
    expect(isOpeningPending({ saleOpensAtMs: opensAt }, opensAt - 1)).toBe(false);
    expect(isOpeningPending({ saleOpensAtMs: opensAt }, opensAt)).toBe(true);
    expect(isOpeningPending({ saleOpensAtMs: opensAt, openedAtMs: opensAt + 5 }, opensAt + 10)).toBe(false);
    expect(isOpeningDue({ saleOpensAtMs: opensAt }, opensAt)).toBe(true);
    expect(isOpeningDue({}, opensAt)).toBe(false);
  });
});
