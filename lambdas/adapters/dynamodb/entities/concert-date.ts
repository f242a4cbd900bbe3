import * as z from 'zod/mini';
import type { ConcertDate } from '../../../domain/concert';
import { singleGrade } from '../../../domain/concert';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, parseItem } from './item';

/** One date of a concert with its grades: `CONCERT#<id>/DATE#<date>`, in the concert's partition. */
export const concertDateEntity = 'ConcertDate';

const datePrefix = 'DATE#';

export const concertDateKey = (concertId: string, date: string): ItemKey => ({ pk: `CONCERT#${concertId}`, sk: `${datePrefix}${date}` });

/** The concert's dates: the same partition as the concert item, so one Query reads both. */
export const concertDatesPrefix = (concertId: string): { pk: string; skPrefix: string } => ({ pk: `CONCERT#${concertId}`, skPrefix: datePrefix });

const concertDateSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    concertId: z.string(),
    date: z.string(),
    price: z.number(),
    totalSeats: z.number(),
    grades: z.optional(z.array(z.object({ grade: z.string(), price: z.number(), firstSeatNo: z.number(), lastSeatNo: z.number() }))),
  }),
);

export const concertDateFromItem = (item: StoredItem): ConcertDate => {
  const { grades, ...date } = parseItem(concertDateEntity, concertDateSchema, item);
  // Dates created before grades existed sold every seat at one price.
  return { ...date, grades: grades ?? singleGrade(date.price, date.totalSeats) };
};

export const concertDateToItem = (date: ConcertDate): StoredItem => ({
  ...concertDateKey(date.concertId, date.date),
  entity: concertDateEntity,
  concertId: date.concertId,
  date: date.date,
  price: date.price,
  totalSeats: date.totalSeats,
  grades: date.grades,
});
