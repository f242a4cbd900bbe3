import type { DeadQueueTokenStatus, QueueToken, RoomCounters } from '../../domain/queue';
import type { SaleSettings } from '../../domain/sale';

/**
 * Why an admission write admitted none of its tokens: `roomFull` when the room had no room for them all, `changed`
 * the ids of tokens no longer WAITING (another run admitted them, they left).
 */
export interface AdmissionRefusal {
  readonly roomFull: boolean;
  readonly changed: ReadonlySet<string>;
}

export interface SweeperTokenRepository {
  /** Same death transaction as leaving; false when the token changed meanwhile (another run, a poll). */
  endToken(token: QueueToken, status: DeadQueueTokenStatus, nowMs: number): Promise<boolean>;
  /** The most tokens one `admitAll` takes (a storage limit: one write holds them all). */
  readonly maxPerWrite: number;
  /**
   * Admits a room's `tokens` (at most `maxPerWrite`) all at once or none: each WAITING → ACTIVE, the
   * room's `activeCount` and `servedCount` up by their number and the admission record counting them, conditioned
   * on every token still WAITING and `activeCount + tokens.length <= maxActiveTokens`. Undefined when admitted.
   */
  admitAll(
    concertId: string,
    tokens: readonly QueueToken[],
    admission: { nowMs: number; expiresAtMs: number; maxActiveTokens: number },
  ): Promise<AdmissionRefusal | undefined>;
  /** Moves a WAITING token's expiry-index key forward (never back); false when it is no longer WAITING. */
  moveExpiryKey(token: QueueToken, expiryKeyMs: number): Promise<boolean>;
}

/** An item the expiry index says is due, read in full. */
export type DueItem =
  | { readonly entity: 'QueueToken'; readonly token: QueueToken }
  | { readonly entity: 'Reservation'; readonly reservationId: string };

export interface ExpiryIndex {
  /** Every item whose expiry key is `<= nowMs`, over all shards, a page at a time. */
  dueItems(nowMs: number): AsyncIterable<DueItem[]>;
}

export interface WaitingLine {
  /**
   * WAITING tokens of a room in ticket order (the shard lines merged by `lineSk`), read in full and strongly
   * consistent, fetched `pageSize` per shard at a time. May yield tokens that just left the line.
   */
  inOrder(concertId: string, pageSize: number): AsyncGenerator<QueueToken>;
}

export interface RoomCounterReader {
  /** Strongly consistent. */
  readRoom(concertId: string): Promise<RoomCounters>;
  /** The room and the concert's sale settings (room size, pause), strongly consistent, in one batch. */
  readAdmissionSnapshot(concertId: string): Promise<{ room: RoomCounters; sale: SaleSettings }>;
}

export interface ConcertLister {
  /** Every concert with its sale settings: one Query of the catalog index. */
  listConcerts(): Promise<({ concertId: string } & SaleSettings)[]>;
}
