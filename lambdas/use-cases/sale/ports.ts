/** A token waiting in the pre-queue, as the pre-queue index lists it. */
export interface PreQueueEntry {
  readonly tokenId: string;
  /** The room shard the token counts on (its `gone` counter, its part of the line). */
  readonly shard: number;
}

export type DrawClaim = 'claimed' | 'alreadyOpen' | 'inProgress';

/** The draw's writes: a claim on the room, places reserved a block at a time, one update per token. */
export interface SaleDrawRepository {
  /**
   * Claims the room's draw for `drawId` until `leaseUntilMs`: refused when the room has been opened
   * ('alreadyOpen') or another draw holds an unexpired lease ('inProgress'). An expired lease is taken over.
   */
  claim(concertId: string, drawId: string, nowMs: number, leaseUntilMs: number): Promise<DrawClaim>;
  /** Every token in the room's pre-queue (the index: may still list a token that just died or was placed). */
  listPreQueue(concertId: string): Promise<PreQueueEntry[]>;
  /**
   * Takes the next `count` free places from the room's place rows, the same ones every issue takes its place from
   * (so drawn places and later arrivals never share one), in ascending order; then counts them as handed out and
   * extends the lease, in one transaction conditioned on the claim still being `drawId`'s. Undefined when it is not:
   * the places taken stay unused, like any place claimed and never given.
   */
  reservePlaces(concertId: string, count: number, drawId: string, leaseUntilMs: number): Promise<number[] | undefined>;
  /**
   * Gives the token its place and puts it in the waiting line, if it is still a live pre-queue token of the room
   * (WAITING, no place, polled after `idleCutoffMs`); false otherwise.
   */
  assignPlace(concertId: string, entry: PreQueueEntry, place: number, idleCutoffMs: number): Promise<boolean>;
  /** Places reserved but not given to anyone (their token died meanwhile): counted as gone, like a waiter who left. */
  releasePlaces(concertId: string, count: number): Promise<void>;
  /** Marks the room opened (arrivals from now on take places), if the claim is still `drawId`'s. */
  finish(concertId: string, drawId: string, nowMs: number): Promise<boolean>;
}
