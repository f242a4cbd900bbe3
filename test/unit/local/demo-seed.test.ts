import { demoConcert } from '../../../local/demo-seed';

describe('demoConcert', () => {
  it('has three dates one, two and three weeks ahead in UTC, 50 seats each at 50,000 won', () => {
    expect(demoConcert(Date.parse('2026-12-30T23:30:00.000Z'))).toEqual({
      title: 'Demo Concert',
      venue: 'Olympic Hall',
      dates: ['2027-01-06', '2027-01-13', '2027-01-20'],
      seatsPerDate: 50,
      price: 50_000,
    });
  });
});
