/**
 * Waiting-room rules (docs/data-model.md, "The waiting room"). Pure: times are epoch milliseconds passed in,
 * never read here.
 */
export const QueueTokenStatus = {
  waiting: 'WAITING',
  active: 'ACTIVE',
  expired: 'EXPIRED',
  left: 'LEFT',
  paid: 'PAID',
} as const;
export type QueueTokenStatus = (typeof QueueTokenStatus)[keyof typeof QueueTokenStatus];

/** The statuses a token can be alive in; the others are terminal. */
export type LiveQueueTokenStatus = typeof QueueTokenStatus.waiting | typeof QueueTokenStatus.active;
/** The terminal statuses a live token can move to. */
export type DeadQueueTokenStatus = typeof QueueTokenStatus.expired | typeof QueueTokenStatus.left | typeof QueueTokenStatus.paid;

export interface QueueToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly concertId: string;
  readonly status: QueueTokenStatus;
  /** Room shard of the token: its `gone` counter and its partition of the waiting line (or of the pre-queue). */
  readonly shard?: number;
  /**
   * The token's place in line: unique per room and dense (1, 2, 3, …, handed out by atomic counters), taken at issue
   * (also by a token ACTIVE at once) or at the draw; absent while the token waits in the pre-queue.
   */
  readonly ticket?: number;
  readonly issuedAtMs: number;
  readonly lastPolledAtMs: number;
  /** The last position reported to the holder: positions reported later never exceed it. */
  readonly lastPosition?: number;
  readonly admittedAtMs?: number;
  /** The token's key in the expiry index: never later than its real deadline (see `deadlineOf`). */
  readonly expiryKeyMs?: number;
}

export interface QueuePolicy {
  readonly maxActiveTokens: number;
  readonly activeTokenTtlSeconds: number;
  readonly waitingTokenIdleSeconds: number;
}

/** The counters of one room, summed over its shards. */
export interface RoomCounters {
  readonly activeCount: number;
  /** Tokens admitted, at issue or from the line. */
  readonly servedCount: number;
  /** Σ issued over the shards: tokens written with a place (ACTIVE at once, waiters, drawn or placed late). */
  readonly issued: number;
  /** Σ gone over the shards: placed WAITING tokens that left or idled out (and drawn places given to nobody). */
  readonly gone: number;
}

const secondsToMs = (seconds: number): number => seconds * 1000;

/** Tokens still waiting to be admitted (never negative, even when counters are read a moment apart). */
export const waitingCount = (room: RoomCounters): number => Math.max(0, room.issued - room.servedCount - room.gone);

/**
 * The most ACTIVE tokens the room may hold when a newcomer takes a slot at issue: everyone waiting keeps a slot of
 * their own, so a newcomer never takes a slot someone ahead needs. Every waiter counted in counters read before the
 * newcomer claimed its place is ahead of it.
 */
export const slotLimitAtIssue = (room: RoomCounters, maxActive: number): number => maxActive - waitingCount(room);

/** A new token is ACTIVE at once when the room admits and has a free slot for it and for everyone waiting. */
export const canActivateAtOnce = (room: RoomCounters, admission: { readonly maxActive: number; readonly paused: boolean }): boolean =>
  !admission.paused && room.activeCount < slotLimitAtIssue(room, admission.maxActive);

/**
 * 0 when ACTIVE; otherwise ticket − servedCount, never below 1 and never above the position already reported,
 * so a poll that reads a slightly stale room cannot make the position go up. Overcounts by those ahead who left.
 */
export const positionOf = (token: Pick<QueueToken, 'status' | 'ticket' | 'lastPosition'>, servedCount: number): number => {
  if (token.status !== QueueTokenStatus.waiting) return 0;
  const raw = Math.max(1, (token.ticket ?? 1) - servedCount);
  return token.lastPosition === undefined ? raw : Math.min(raw, Math.max(1, token.lastPosition));
};

/**
 * A waiter whose poll may admit it: the room admits and has at least `position` free slots, so one FIFO admission
 * run (everyone ahead of it first; `position` overcounts them, never undercounts) reaches it. Decided on the poll's
 * cached view of the room, which may be a second old: the admission run decides again on fresh reads, under the
 * room's conditions.
 */
export const isWithinReach = (
  position: number,
  room: Pick<RoomCounters, 'activeCount'>,
  admission: { readonly maxActive: number; readonly paused: boolean },
): boolean => !admission.paused && position >= 1 && position <= admission.maxActive - room.activeCount;

/** Admissions are counted per bucket of this many milliseconds (one small item each, never a hot one). */
export const admissionBucketMs = 10_000;
const minuteMs = 60_000;
/**
 * No rate is told before the line has been seen moving this long: the first admissions of a sale come while the
 * slots have not turned over yet, and a rate taken from them would promise waits many times too long.
 */
export const minPaceObservationMs = 10_000;
/** The line's rate is never measured over more: older admissions say little about the line now. */
export const maxPaceSpanMs = 300_000;
/**
 * The stretches of the line's recent past its rate is measured over, shortest first. A wait is foretold from a
 * stretch at least as long as itself (`estimatedWaitSeconds`): the line moves in bursts (admission runs fill every
 * free slot at once; fans admitted while away come back together at their poll pace), and the next W seconds of such
 * a line are told best by its last W seconds, bursts and lulls alike. A waiter near the head of a fast line is told
 * the line's last few seconds, so its estimate follows a sale that speeds up; one minutes back, its last minutes.
 */
export const paceWindowsMs = [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, maxPaceSpanMs] as const;
/**
 * A stretch tells a rate only when the line made at least this many admissions in it (a count that varies by about
 * a third): in a slow room the last few seconds hold one admission or none, which would promise any wait.
 */
export const minPaceSampleAdmissions = 10;

/** Admissions counted in one bucket: all of them, and those from the line (not ACTIVE at issue). */
export interface AdmissionBucket {
  readonly bucket: number;
  readonly admitted: number;
  readonly fromLine: number;
  /** When the bucket's first admission from the line happened (ms); absent in buckets without one. */
  readonly firstLineAtMs?: number;
  /** Admissions from the line in each second of the bucket (index 0 = its first second); absent in buckets without. */
  readonly fromLineBySecond?: readonly number[];
}

/** How fast a room has been admitting lately. */
export interface AdmissionPace {
  /** Tokens admitted (at issue or from the line) in the buckets overlapping the last minute. */
  readonly admittedLastMinute: number;
  /**
   * The line's rate over each of `paceWindowsMs` that saw it move (shortest first; `paceOf`); absent while unknown.
   * Never empty when present.
   */
  readonly lineRates?: readonly LineRate[];
}

/** Admissions from the line per second over the last `overMs` (or since the line started moving, when later). */
export interface LineRate {
  readonly overMs: number;
  readonly admissions: number;
  readonly perSecond: number;
}

export const admissionBucketOf = (nowMs: number): number => Math.floor(nowMs / admissionBucketMs);

/** The first bucket of `admittedLastMinute`: the current one and the five before it overlap the last minute. */
export const firstMinuteBucket = (nowMs: number): number => admissionBucketOf(nowMs) - minuteMs / admissionBucketMs + 1;

/** The first bucket the line's rate may need: the one holding the instant `maxPaceSpanMs` ago. */
export const firstPaceBucket = (nowMs: number): number => admissionBucketOf(nowMs - maxPaceSpanMs);

/** Admissions from the line taken as spread evenly over a stretch of time. */
interface LineMoves {
  readonly count: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * A bucket's admissions from the line: each second's spread over that second (from the first admission
 * on, up to now), so a rate measured over a few seconds is not blurred over the bucket's ten.
 */
const lineMovesOf = (bucket: AdmissionBucket, nowMs: number): LineMoves[] => {
  const startMs = bucket.bucket * admissionBucketMs;
  const firstMs = bucket.firstLineAtMs ?? startMs;
  const stretch = (count: number, fromMs: number, toMs: number): LineMoves => {
    const from = Math.min(Math.max(fromMs, firstMs), nowMs);
    return { count, fromMs: from, toMs: Math.max(from, Math.min(toMs, nowMs)) };
  };
  if (bucket.fromLineBySecond === undefined) return [stretch(bucket.fromLine, startMs, startMs + admissionBucketMs)];
  return bucket.fromLineBySecond
    .map((count, second) => stretch(count, startMs + second * 1000, startMs + (second + 1) * 1000))
    .filter((move) => move.count > 0);
};

/** How many of the moves happened at or after `sinceMs`. */
const movesSince = (moves: readonly LineMoves[], sinceMs: number): number =>
  moves.reduce((sum, move) => {
    if (move.toMs === move.fromMs) return sum + (move.fromMs >= sinceMs ? move.count : 0);
    const share = (move.toMs - Math.max(sinceMs, move.fromMs)) / (move.toMs - move.fromMs);
    return sum + move.count * Math.min(1, Math.max(0, share));
  }, 0);

/**
 * The observed pace: admissions over the last minute, and the line's rate over each of `paceWindowsMs` up to now (time
 * since the last admission counts as the line standing still; a window longer than the line has been moving is
 * measured since it started). No rate until the line has been seen moving for `minPaceObservationMs`.
 */
export const paceOf = (buckets: readonly AdmissionBucket[], nowMs: number): AdmissionPace => {
  const current = admissionBucketOf(nowMs);
  const admittedLastMinute = buckets
    .filter((bucket) => bucket.bucket >= firstMinuteBucket(nowMs) && bucket.bucket <= current)
    .reduce((sum, bucket) => sum + bucket.admitted, 0);
  const moves = buckets
    .filter((bucket) => bucket.fromLine > 0 && bucket.bucket >= firstPaceBucket(nowMs) && bucket.bucket <= current)
    .flatMap((bucket) => lineMovesOf(bucket, nowMs));
  if (moves.length === 0) return { admittedLastMinute };
  const movingForMs = nowMs - Math.min(...moves.map((move) => move.fromMs));
  if (movingForMs < minPaceObservationMs) return { admittedLastMinute };
  const lineRates = paceWindowsMs
    .map((windowMs) => {
      const overMs = Math.min(windowMs, movingForMs);
      // A window back to the line's first move does not count it (n moves span n − 1 intervals): one tells no rate.
      const admissions = movesSince(moves, nowMs - overMs) - (windowMs >= movingForMs ? 1 : 0);
      return { overMs, admissions, perSecond: admissions / (overMs / 1000) };
    })
    .filter((rate) => rate.admissions > 0);
  return lineRates.length === 0 ? { admittedLastMinute } : { admittedLastMinute, lineRates };
};

/**
 * The rate a wait for `position` is foretold at: over the shortest window that holds `minPaceSampleAdmissions` and is
 * at least as long as the wait it foretells (the longest such window when the wait is longer than all of them). A
 * room too slow to make that many admissions in the longest window is measured on those it made there.
 */
const rateFor = (position: number, rates: readonly LineRate[]): number => {
  const sampled = rates.filter((rate) => rate.admissions >= minPaceSampleAdmissions);
  if (sampled.length === 0) return rates[rates.length - 1]!.perSecond;
  const fitting = sampled.find((rate) => (position / rate.perSecond) * 1000 <= rate.overMs);
  return (fitting ?? sampled[sampled.length - 1]!).perSecond;
};

/**
 * Seconds until `position` is admitted at the room's observed pace (`rateFor`): 0 when ACTIVE, null while that pace
 * is unknown (no observation, no promise). The position comes from counters read `positionAgeMs` before the answer
 * (cached up to a second for polls, a request's own writes for an issue), and the line has been moving since: the
 * wait is counted from that read, less the time since. Rounded to the nearest second, not up: a waiter told "1 s"
 * and admitted in 0.5 s (or told 2 s for 1.2 s) is off by half or more, and most waits near the head of a fast line
 * are that short. Never under 1 s while waiting.
 */
export const estimatedWaitSeconds = (position: number, pace: AdmissionPace | undefined, positionAgeMs = 0): number | null => {
  if (position <= 0) return 0;
  const rates = pace?.lineRates;
  if (rates === undefined || rates.length === 0) return null;
  return Math.max(1, Math.round(position / rateFor(position, rates) - Math.max(0, positionAgeMs) / 1000));
};

/**
 * How much earlier than its estimated admission a waiter is asked to come back: a fifth of the estimate, at most
 * `maxPollLeadSeconds`. The costs are lopsided: a poll that comes early costs that fan one more poll, one that comes
 * late leaves a slot ACTIVE and unused until it comes (and, when its own poll would have admitted it, holds up the
 * line behind it). Bounded, so that a fan whose estimate is right comes back once more at most.
 */
export const maxPollLeadSeconds = 5;
const pollLeadSeconds = (estimate: number): number => Math.min(maxPollLeadSeconds, Math.ceil(estimate / 5));

/**
 * When the holder should poll again: a little before the estimated admission (one second per place ahead while the
 * pace is unknown), so it grows with the position; never less than 1 s, never more than a third of the idle window, so
 * a client that obeys it polls at least three times per idle window and is never dropped. ACTIVE or without a place
 * yet (pre-queue): the longest, a third of the idle window.
 */
export const pollAfterSeconds = (position: number | null, estimate: number | null, policy: Pick<QueuePolicy, 'waitingTokenIdleSeconds'>): number => {
  const longest = Math.max(1, Math.floor(policy.waitingTokenIdleSeconds / 3));
  if (position === null || position <= 0) return longest;
  const due = estimate === null ? position : estimate - pollLeadSeconds(estimate);
  return Math.min(longest, Math.max(1, due));
};

/** A WAITING token not polled for WAITING_TOKEN_IDLE_SECONDS is dropped at this instant. */
export const idleDeadlineOf = (token: Pick<QueueToken, 'lastPolledAtMs'>, policy: QueuePolicy): number =>
  token.lastPolledAtMs + secondsToMs(policy.waitingTokenIdleSeconds);

/** An ACTIVE token lives ACTIVE_TOKEN_TTL_SECONDS from admission. */
export const activeDeadlineOf = (admittedAtMs: number, policy: QueuePolicy): number =>
  admittedAtMs + secondsToMs(policy.activeTokenTtlSeconds);

/** The current deadline of a live token (the `expiresAt` the holder sees); undefined for a dead one. */
export const deadlineOf = (token: QueueToken, policy: QueuePolicy): number | undefined => {
  if (token.status === QueueTokenStatus.waiting) return idleDeadlineOf(token, policy);
  if (token.status === QueueTokenStatus.active) return activeDeadlineOf(token.admittedAtMs ?? token.issuedAtMs, policy);
  return undefined;
};

/** WAITING and not polled within the idle window. */
export const isIdle = (token: QueueToken, nowMs: number, policy: QueuePolicy): boolean =>
  token.status === QueueTokenStatus.waiting && nowMs >= idleDeadlineOf(token, policy);

/**
 * Live = WAITING or ACTIVE and before its deadline. A token past its deadline is dead at once, whether or not the
 * sweeper has recorded it yet: this is what keeps expiry correct with every background job down.
 */
export const isLive = (token: QueueToken, nowMs: number, policy: QueuePolicy): boolean => {
  const deadline = deadlineOf(token, policy);
  return deadline !== undefined && nowMs < deadline;
};

/**
 * Polls write only `lastPolledAt`; the expiry-index key is moved forward (to the new idle deadline) only once it
 * is within half an idle window, so a steadily polling waiter rewrites the index about once per half window.
 */
export const shouldMoveExpiryKey = (token: QueueToken, nowMs: number, policy: QueuePolicy): boolean =>
  token.status === QueueTokenStatus.waiting &&
  (token.expiryKeyMs ?? 0) - nowMs < secondsToMs(policy.waitingTokenIdleSeconds) / 2;

/**
 * When a token's JWT stops verifying: the latest instant the token can still be live without another request from
 * its holder. ACTIVE: its deadline. WAITING (`expiresAtMs` its idle deadline): admitted at the last moment, it lives
 * a whole ACTIVE lifetime more. A holder kept in line longer by polling takes a fresh signature of the same place
 * from GET /queue/tokens?concertId= (a poll with an expired signature is 401, saying so).
 */
export const signatureDeadlineOf = (view: { status: LiveQueueTokenStatus; expiresAtMs: number }, policy: QueuePolicy): number =>
  view.status === QueueTokenStatus.active ? view.expiresAtMs : view.expiresAtMs + secondsToMs(policy.activeTokenTtlSeconds);
