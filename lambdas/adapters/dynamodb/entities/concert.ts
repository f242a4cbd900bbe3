import * as z from 'zod/mini';
import type { Concert } from '../../../domain/concert';
import type { SaleSettings } from '../../../domain/sale';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, optional, parseItem } from './item';

/** A concert and its sale settings: `CONCERT#<id>/CONCERT`, listed newest first by the concertCatalog index. */
export const concertEntity = 'Concert';

export const concertKey = (concertId: string): ItemKey => ({ pk: `CONCERT#${concertId}`, sk: 'CONCERT' });

const catalogPartition = 'CONCERTS';

/** The concertCatalog index: every concert in one small, rarely written partition, sorted by creation time. */
export const concertCatalog = {
  partition: catalogPartition,
  keys: (createdAt: string, concertId: string) => ({ catalogPk: catalogPartition, catalogSk: `${createdAt}#${concertId}` }),
} as const;

/**
 * Attributes that update expressions name: the sale settings, stored under their wire names (times in epoch ms), and
 * `saleChangedAt`, when the operator last changed them (the time of the stream record the server reacts to).
 */
export const concertAttribute = { saleOpensAt: 'saleOpensAt', maxActive: 'maxActive', paused: 'paused', openedAt: 'openedAt', saleChangedAt: 'saleChangedAt' } as const;

const saleShape = () => ({
  saleOpensAt: z.optional(z.number()),
  maxActive: z.optional(z.number()),
  paused: z.optional(z.boolean()),
  lastDate: z.optional(z.string()),
  openedAt: z.optional(z.number()),
});

const concertSchema = /* @__PURE__ */ lazySchema(() => z.object({ concertId: z.string(), title: z.string(), venue: z.string(), ...saleShape() }));
const saleSchema = /* @__PURE__ */ lazySchema(() => z.object(saleShape()));

const saleSettingsOf = (item: z.output<ReturnType<typeof saleSchema>>): SaleSettings => ({
  ...optional('saleOpensAtMs', item.saleOpensAt),
  ...optional('maxActive', item.maxActive),
  ...optional('paused', item.paused === true ? true : undefined),
  ...optional('lastDate', item.lastDate),
  ...optional('openedAtMs', item.openedAt),
});

export const concertFromItem = (item: StoredItem): Concert => {
  const { concertId, title, venue, ...sale } = parseItem(concertEntity, concertSchema, item);
  return { concertId, title, venue, ...saleSettingsOf(sale) };
};

/** The sale settings of a concert item (the room repository reads them from the same item). */
export const saleSettingsFromItem = (item: StoredItem): SaleSettings => saleSettingsOf(parseItem(concertEntity, saleSchema, item));

export const concertToItem = (concert: Concert, createdAt: string): StoredItem => ({
  ...concertKey(concert.concertId),
  ...concertCatalog.keys(createdAt, concert.concertId),
  entity: concertEntity,
  concertId: concert.concertId,
  title: concert.title,
  venue: concert.venue,
  ...optional(concertAttribute.saleOpensAt, concert.saleOpensAtMs),
  ...optional(concertAttribute.maxActive, concert.maxActive),
  ...optional(concertAttribute.paused, concert.paused),
  ...optional('lastDate', concert.lastDate),
  createdAt,
});
