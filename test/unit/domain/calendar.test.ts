import { isCalendarDate, isOpenForBooking } from '../../../lambdas/domain/calendar';

describe('isCalendarDate', () => {
  it.each(['2026-12-24', '2028-02-29'])('accepts the real date %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-30', '2026-13-01', '26-12-24', '2026-12-24T00:00:00Z', ''])('rejects %s', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});

describe('isOpenForBooking', () => {
  const noonUtc = Date.parse('2026-12-24T12:00:00.000Z');

  it('keeps today open until the end of the UTC day', () => {
    expect(isOpenForBooking('2026-12-24', noonUtc)).toBe(true);
  });

  it('closes past dates', () => {
    expect(isOpenForBooking('2026-12-23', noonUtc)).toBe(false);
  });
});
