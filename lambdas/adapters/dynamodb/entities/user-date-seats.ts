import * as z from 'zod/mini';
import type { UserDateSeats } from '../../../use-cases/reservations/ports';
import type { ItemKey } from '../table';
import type { StoredItem } from './item';
import { lazySchema, parseItem } from './item';

/**
 * The user's held and bought seats of one concert date, `USER#<id>/SEATS#<concert>#<date>`: the item whose
 * conditional update enforces MAX_SEATS_PER_USER under concurrency. `holds` maps each current hold to its deadline.
 */
export const userDateSeatsEntity = 'UserDateSeats';

export const userDateSeatsKey = (userId: string, concertId: string, date: string): ItemKey => ({
  pk: `USER#${userId}`,
  sk: `SEATS#${concertId}#${date}`,
});

/** Attributes that conditions and updates name (`count` and `date` are reserved words: always through `#names`). */
export const userDateSeatsAttribute = { count: 'count', holds: 'holds', date: 'date' } as const;

/** `reservationId -> deadline (epoch ms)`. A custom check, not z.record: the same rule for 2.8 KB less in the hold's bundle. */
const isDeadlineMap = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((deadline) => typeof deadline === 'number');

const userDateSeatsSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({ count: z.number(), holds: z.optional(z.custom<Record<string, number>>(isDeadlineMap, 'expected a map of reservation ids to deadlines (numbers)')) }),
);

export const userDateSeatsFromItem = (item: StoredItem): UserDateSeats => {
  const { count, holds } = parseItem(userDateSeatsEntity, userDateSeatsSchema, item);
  return { count, holds: holds ?? {} };
};

/** The attributes of the item as the first hold of the user on the date creates it (an update, inside the hold's transaction). */
export const newUserDateSeatsAttributes = (userId: string, concertId: string, date: string, seatCount: number, holds: Record<string, number>) => ({
  entity: userDateSeatsEntity,
  userId,
  concertId,
  date,
  count: seatCount,
  holds,
});
