import { MalformedItemError } from '../../../../../lambdas/adapters/dynamodb/entities/item';
import { concertFromItem, concertToItem, saleSettingsFromItem } from '../../../../../lambdas/adapters/dynamodb/entities/concert';
import type { Concert } from '../../../../../lambdas/domain/concert';

const concert: Concert = { concertId: 'c-1', title: 'Spring', venue: 'Olympic Hall', saleOpensAtMs: 1_700_000_000_000, maxActive: 50, paused: true, lastDate: '2026-12-24' };

describe('concert entity', () => {
  it('reads back the concert it stored, sale settings included', () => {
    expect(concertFromItem(concertToItem(concert, '2026-11-30T00:00:00.000Z'))).toEqual(concert);
  });

  it('reads a concert without sale settings as on sale since creation', () => {
    expect(concertFromItem(concertToItem({ concertId: 'c-2', title: 'T', venue: 'V' }, '2026-11-30T00:00:00.000Z'))).toEqual({ concertId: 'c-2', title: 'T', venue: 'V' });
  });

  it('reads when the draw opened the sale from openedAt', () => {
    expect(saleSettingsFromItem({ openedAt: 5, paused: false })).toEqual({ openedAtMs: 5 });
  });

  it('refuses an item whose title is not a string, naming the entity and the field', () => {
    const item = { ...concertToItem(concert, '2026-11-30T00:00:00.000Z'), title: 7 };
    expect(() => concertFromItem(item)).toThrow(MalformedItemError);
    expect(() => concertFromItem(item)).toThrow('malformed Concert item: title: expected string');
  });

  it('refuses a sale opening stored as text', () => {
    expect(() => saleSettingsFromItem({ saleOpensAt: '2026-12-01' })).toThrow(expect.objectContaining({ entity: 'Concert', field: 'saleOpensAt' }));
  });
});
