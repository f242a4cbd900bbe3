import type { DeadQueueTokenStatus, QueueToken, RoomCounters } from '../../domain/queue';
import type { DrawState } from '../../domain/pre-queue';
import type { SaleSettings } from '../../domain/sale';

/** What a verified bearer token says about its holder; the table says whether the token is still live. */
export interface BearerClaims {
  readonly userId: string;
  readonly tokenId: string;
  readonly concertId: string;
}

/** Signs the JWT handed out with a new token. */
export interface QueueTokenSigner {
  sign(claims: BearerClaims, nowMs: number): Promise<string>;
}

/** Verifies a bearer JWT; throws InvalidTokenError when it is malformed, tampered with or expired. */
export interface QueueTokenVerifier {
  verify(jwt: string, nowMs: number): Promise<BearerClaims>;
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
  /** Writes an ACTIVE token and its lock, taking a slot only while `activeCount < maxActiveTokens`. */
  issueActive(token: QueueToken, maxActiveTokens: number): Promise<IssueOutcome>;
  /** Writes a WAITING token (ticket, line and expiry keys) and its lock, counting it on its shard. */
  issueWaiting(token: QueueToken): Promise<IssueOutcome>;
  /** Writes a WAITING token without a place (pre-queue index and expiry keys) and its lock; no shared item. */
  issuePreQueue(token: QueueToken): Promise<IssueOutcome>;
  /** Records a poll of a pre-queue token (`lastPolledAt`, maybe the expiry key); false once it has a place or died. */
  recordPreQueuePoll(token: QueueToken, poll: { nowMs: number; expiryKeyMs?: number }): Promise<boolean>;
  /**
   * Gives a pre-queue token that missed the draw (it arrived while the draw ran) the next place, behind the draw,
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

export interface IssueSnapshot {
  readonly userExists: boolean;
  readonly concertExists: boolean;
  readonly sale: SaleSettings;
  readonly draw: DrawState;
  readonly room: RoomCounters;
}

/** Room counters: the room item plus its shard items. */
export interface RoomReader {
  /** One strongly consistent BatchGet of the user, the concert, the room and all its shards: the basis of issuing. */
  readIssueSnapshot(userId: string, concertId: string): Promise<IssueSnapshot>;
  /** `servedCount` for positions: may be a second stale (positions never increase anyway). */
  readServedCount(concertId: string): Promise<number>;
  /** Whether the room has been drawn, from the same cached read as `readServedCount`. */
  readDrawState(concertId: string): Promise<DrawState>;
  /** Places handed out so far (strongly consistent): the next place is one more. */
  readIssued(concertId: string): Promise<number>;
}

export interface RoomStatusReader {
  /** The room and its shards (eventually consistent) and whether the concert exists, in one batch. */
  readRoomStatus(concertId: string): Promise<{ concertExists: boolean; sale: SaleSettings; room: RoomCounters }>;
  /** Admissions (at issue or from the line) in the minute before `nowMs`, to a 10-second resolution. */
  countAdmittedLastMinute(concertId: string, nowMs: number): Promise<number>;
}
