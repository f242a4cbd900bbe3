import type { AdmissionPace, DeadQueueTokenStatus, QueueToken, RoomCounters } from '../../domain/queue';
import type { DrawState } from '../../domain/pre-queue';
import type { SaleSettings } from '../../domain/sale';

/** What a verified bearer token says about its holder; the table says whether the token is still live. */
export interface BearerClaims {
  readonly userId: string;
  readonly tokenId: string;
  readonly concertId: string;
}

/** When a signature is made and until when it verifies (the JWT's `iat` and `exp`). */
export interface SignatureValidity {
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Signs the JWT handed out with a token (issued, or recovered). */
export interface QueueTokenSigner {
  sign(claims: BearerClaims, validity: SignatureValidity): Promise<string>;
}

/** Verifies a bearer JWT; throws InvalidTokenError when it is malformed, tampered with or expired. */
export interface QueueTokenVerifier {
  verify(jwt: string, nowMs: number): Promise<BearerClaims>;
}

/** Records the answer of a keyed request that has no transaction of its own to carry the record. */
export interface LiveTokenLockReader {
  /** The token named by the user's live-token lock of the concert (strongly consistent); it may be dead by the clock. */
  findLockedTokenId(userId: string, concertId: string): Promise<string | undefined>;
}

export interface QueueTokenReader {
  /** Strongly consistent: a token that just died or was just admitted reads as such. */
  findToken(tokenId: string): Promise<QueueToken | undefined>;
}

export type IssueOutcome =
  | { readonly kind: 'issued' }
  /** The room filled up between the read and the write (only for an ACTIVE issue). */
  | { readonly kind: 'roomFull' }
  /** The user already holds a token for this concert (maybe dead by time and not yet swept). */
  | { readonly kind: 'lockHeld'; readonly holderTokenId: string };

export interface QueueTokenRepository extends QueueTokenReader {
  /** Records a poll of a pre-queue token (`lastPolledAt`, maybe the expiry key); false once it has a place or died. */
  recordPreQueuePoll(token: QueueToken, poll: { nowMs: number; expiryKeyMs?: number }): Promise<boolean>;
  /**
   * Gives a pre-queue token that missed the draw (it arrived while the draw ran) a place claimed behind the draw,
   * counting it on its shard; false when the token changed meanwhile (placed by the draw, polled, died).
   */
  placeLate(token: QueueToken, ticket: number): Promise<boolean>;
  /**
   * Records a poll of a WAITING token: `lastPolledAt`, the reported position (only if not above the stored one)
   * and, when given, the new expiry key. False when the token is no longer WAITING or a lower position was
   * reported meanwhile.
   */
  recordPoll(token: QueueToken, poll: { nowMs: number; position: number; expiryKeyMs?: number }): Promise<boolean>;
  /**
   * The death of a token, in one transaction: its status, the lock released, and its slot (`activeCount − 1`)
   * or its place in line (`gone + 1`) given back. Conditioned on the token still having the `status` and
   * `lastPolledAt` read into `token`, so a concurrent admission or poll wins and the caller re-reads.
   * False when the token changed meanwhile.
   */
  endToken(token: QueueToken, status: DeadQueueTokenStatus, nowMs: number): Promise<boolean>;
}

/** Writes new tokens: only the issue route needs it; it ends the dead token still holding the user's lock. */
export interface QueueTokenIssuer extends QueueTokenReader, Pick<QueueTokenRepository, 'endToken'> {
  /**
   * Writes an ACTIVE token (with its place) and its lock, counting it on its shard and taking a slot
   * (`activeCount + 1`, `servedCount + 1`) only while `activeCount < slotLimit`.
   */
  issueActive(token: QueueToken, slotLimit: number): Promise<IssueOutcome>;
  /** Writes a WAITING token (its place, line and expiry keys) and its lock, counting it on its shard. */
  issueWaiting(token: QueueToken): Promise<IssueOutcome>;
  /** Writes a WAITING token without a place (pre-queue index and expiry keys) and its lock; no shared item. */
  issuePreQueue(token: QueueToken): Promise<IssueOutcome>;
}

export interface IssueSnapshot {
  readonly userExists: boolean;
  readonly concertExists: boolean;
  /** The token named by the user's live-token lock for the concert, if there is one (live or dead by the clock). */
  readonly lockHolderTokenId?: string;
  readonly sale: SaleSettings;
  readonly draw: DrawState;
  readonly room: RoomCounters;
  /** Where the place dispenser starts looking for the next free place (opaque to the use case). */
  readonly placeHint: number;
}

/** A place in line and the room shard it counts on. */
export interface ClaimedPlace {
  readonly place: number;
  readonly shard: number;
}

/**
 * Hands out a room's places: each exactly once, densely (1, 2, 3, …), in the order they were asked for. A place
 * claimed but never used stays a gap: positions behind it overcount by one, as for a waiter who left.
 */
export interface PlaceDispenser {
  /** The next free place, looked for from `hint` (the issue snapshot's) or from where the room's places stand. */
  claimPlace(concertId: string, hint?: number): Promise<ClaimedPlace>;
}

/** A room and its sale as one cached read of the room and concert items saw them. */
export interface RecentRoom {
  /** When the read answered (ms): positions computed from `servedCount` are this old (estimates count from it). */
  readonly readAtMs: number;
  readonly servedCount: number;
  readonly activeCount: number;
  readonly draw: DrawState;
  readonly sale: SaleSettings;
}

/** Room counters: the room item, its shard items and its place rows. */
export interface RoomReader {
  /**
   * One strongly consistent BatchGet of the user, their lock, the concert, the room, all its shards and the place rows
   * where the next free place is expected: the basis of issuing.
   */
  readIssueSnapshot(userId: string, concertId: string): Promise<IssueSnapshot>;
  /**
   * The room as polls see it: may be a second stale (one read per instance per second, however many fans poll), so
   * positions never increase anyway and any admission it suggests is decided again on fresh reads.
   */
  readRecentRoom(concertId: string): Promise<RecentRoom>;
  /** The room's admission pace over the last minute, for estimates: may be a second stale. */
  readPace(concertId: string): Promise<AdmissionPace>;
}

export interface RoomStatusReader {
  /** The room and its shards (eventually consistent) and whether the concert exists, in one batch. */
  readRoomStatus(concertId: string): Promise<{ concertExists: boolean; sale: SaleSettings; room: RoomCounters }>;
  /** Admissions (at issue or from the line) in the minute before `nowMs`, to a 10-second resolution. */
  countAdmittedLastMinute(concertId: string, nowMs: number): Promise<number>;
}
