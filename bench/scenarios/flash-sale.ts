import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HotKeyReport } from '../lib/hot-keys';
import type { ApiClient, ApiReply, ApiRequest } from '../lib/http';
import type { InvariantLog } from '../lib/invariants';
import { TableReader } from '../lib/invariants';
import type { BenchFan } from '../lib/fixtures';
import { benchDates, createBenchConcert, registerUsers, shuffled, sleep } from '../lib/fixtures';
import type { EndpointReport } from '../lib/stats';
import { Recorder, percentile } from '../lib/stats';
import type { BenchTarget } from '../lib/target';
import { publicViewMaxAgeMs } from '../../lambdas/adapters/recent-results';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import { DynamoRoomRepository } from '../../lambdas/adapters/dynamodb/queue-room-repository';
import { systemClock } from '../../lambdas/adapters/system';
import { loadSettings } from '../../lambdas/config';
import { waitingCount } from '../../lambdas/domain/queue';

export interface FlashSaleOptions {
  readonly name: string;
  readonly users: number;
  readonly dates: number;
  readonly seatsPerDate: number;
  /** The service's MAX_ACTIVE_TOKENS (the scenario checks the room never exceeds it). */
  readonly maxActiveTokens: number;
  /** Fraction of charge and payment responses the client drops and retries with the same Idempotency-Key. */
  readonly faultRate: number;
  /** Count writes per partition key while the sale runs (needs a target that counts). */
  readonly countHotKeys: boolean;
  /** Each fan orders 1..maxSeatsPerOrder seats of one date (MAX_SEATS_PER_USER), chosen at random. */
  readonly maxSeatsPerOrder: number;
  /** Fraction of buyers who refund their order right after paying (its seats go back on sale). */
  readonly refundRate: number;
  /** The sweeper's period in this sale (the safety net; admission itself is event-driven). */
  readonly admissionIntervalSeconds: number;
  /**
   * How long a fan may take, once told it is ACTIVE, before it looks at the dates: uniformly between a third of this
   * and this many seconds (a person reading the page). 0: at once, as a script would.
   */
  readonly thinkSeconds: number;
}

/** How the waiting room served the fans of one sale. */
export interface AdmissionFigures {
  /**
   * Issue 13's figure: ACTIVE ÷ maxActive averaged over the time anyone waited, from the room's own counters
   * (`activeCount`; waiting = Σ issued − servedCount − Σ gone) read consistently every 250 ms by the bench's own
   * DynamoDB client, each reading weighted by the time until the next.
   */
  readonly utilisation: number;
  /** The room readings behind `utilisation`: how many, and the longest gap between two (ms). */
  readonly utilisationReadings: { readonly count: number; readonly maxGapMs: number };
  /**
   * Cross-check, the figure reported before 2026-12-01: the plain mean of the public room view's samples (250 ms apart,
   * sent through the fans' request queue) taken while it showed anyone waiting. Not a time average: a sample waits
   * behind the fans' requests (up to 40 s at the opening burst), so busy stretches get few samples.
   */
  readonly viewSampleUtilisation: number;
  /** `GET /queue/tokens/me` requests per fan (fans poll when `pollAfterSeconds` says). */
  readonly pollsPerFan: number;
  /** Token issue to admission, from the tokens' own `issuedAt` / `admittedAt` (every fan; 0 when ACTIVE at once). */
  readonly arrivalToAdmissionMs: { readonly p50: number; readonly p95: number };
  /**
   * |estimate − actual| ÷ actual for the first answer that gave a WAITING fan an estimate (the issue or a poll),
   * actual = admission − that answer (at least 1 s); `fans`: how many got an estimate while waiting.
   */
  readonly estimateError: { readonly p50: number; readonly p90: number; readonly p95: number; readonly fans: number };
  /**
   * Where the room's slot time went while anyone waited, from the tokens' own `admittedAt` / `endedAt` and the time
   * each fan first saw ACTIVE: `free` (no token in the slot: refill lag), `unnoticed` (ACTIVE, its fan not yet told),
   * `used` (ACTIVE and its fan knows). Fractions of maxActive × the time anyone waited. Cross-check of `utilisation`
   * (1 − free): the stamps are the requests' times, taken before their writes commit, so a slot counts as ACTIVE
   * from a little before its admission commits and as free from a little before its holder's death commits.
   */
  readonly slotTime: { readonly free: number; readonly unnoticed: number; readonly used: number };
  /** Admission to the fan's first answer saying ACTIVE (fans admitted from the line). */
  readonly admissionToNoticeMs: { readonly p50: number; readonly p95: number };
}

export interface FlashSaleResult {
  readonly name: string;
  readonly users: number;
  readonly capacity: number;
  readonly maxActiveTokens: number;
  readonly faultRate: number;
  /** From the first token request until the last fan paid or left. */
  readonly completionMs: number;
  /** From the first token request until the last seat was paid for. */
  readonly soldOutMs: number;
  readonly requests: number;
  readonly endpoints: Readonly<Record<string, EndpointReport>>;
  /** Every non-2xx answer, by status and code, over all endpoints. */
  readonly errors: Readonly<Record<string, number>>;
  readonly fans: { readonly paid: number; readonly refunded: number; readonly leftWithoutSeat: number; readonly aborted: number };
  /** Seats per paid order: how many orders had 1, 2, 3, 4 seats. */
  readonly orderSizes: Readonly<Record<string, number>>;
  /** Seats SOLD at the end (refunded seats count once more when someone bought them again). */
  readonly seatsSold: number;
  readonly holdAttempts: number;
  readonly faults: { readonly dropped: number; readonly replayMismatches: number };
  /** Most ACTIVE tokens the public queue status showed (sampled every 250 ms). */
  readonly maxActiveSeen: number;
  /** Mean of those samples: how full the room was kept. */
  readonly meanActive: number;
  readonly admissionIntervalSeconds: number;
  readonly admission: AdmissionFigures;
  /** Age of the queue-token changes when the local stream poller handed them to admission (mean and max). */
  readonly admissionEventsLag?: { readonly delivered: number; readonly maxMs: number; readonly meanMs: number };
  readonly hotKeys?: HotKeyReport;
  /** What an estimator needs to be replayed offline on this sale (`npm run replay-estimates`). */
  readonly estimateLog: EstimateLog;
}

/** A sale's admissions from the line and its fans' first estimates, epoch ms. */
export interface EstimateLog {
  /** When each token admitted from the line (not ACTIVE at issue) was admitted, in time order. */
  readonly lineAdmissionsAtMs: readonly number[];
  /** Per fan with an estimate: [answered at, position then, estimate told (s), admitted at]. */
  readonly firstEstimates: readonly (readonly [number, number, number, number])[];
}

const route = {
  issue: 'POST /queue/tokens',
  recover: 'GET /queue/tokens',
  poll: 'GET /queue/tokens/me',
  leave: 'DELETE /queue/tokens/me',
  dates: 'GET /concerts/{concertId}/dates',
  seats: 'GET /concerts/{concertId}/dates/{date}/seats',
  hold: 'POST /reservations',
  charge: 'POST /balance/charge',
  pay: 'POST /payments',
  refund: 'POST /reservations/{reservationId}/refund',
  queue: 'GET /concerts/{concertId}/queue',
} as const;

interface FirstEstimate {
  readonly estimateSeconds: number;
  readonly position: number;
  readonly answeredAtMs: number;
}

/** Why a fan gave up: the answer the journey did not expect. */
class FanAborted extends Error {}

interface Purchase {
  readonly userId: string;
  readonly token: string;
  readonly reservationId: string;
  readonly seatCount: number;
  readonly charged: number;
  readonly paid: number;
  /** The amount refunded, 0 when the fan kept the tickets. */
  readonly refunded: number;
}

type Outcome = { kind: 'paid'; purchase: Purchase } | { kind: 'left' } | { kind: 'aborted'; reason: string; charged: number; userId: string };

/** A fan polls when the server says (`pollAfterSeconds`), plus up to 200 ms so that fans do not poll in lockstep. */
export const pollDelayMs = (pollAfterSeconds: number): number => pollAfterSeconds * 1000 + Math.random() * 200;

/** A fan's pause after learning it is ACTIVE: uniform in [think ÷ 3, think] seconds. */
export const thinkDelayMs = (thinkSeconds: number): number => ((1 + 2 * Math.random()) / 3) * thinkSeconds * 1000;

/** The token id inside a queue token (its `jti`), to read the token's own times after the sale. */
const tokenIdOf = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).jti as string;

/**
 * Scenarios 2 and 3: a flash sale. Every fan takes a token, waits to be admitted (event-driven, the sweeper every
 * `admissionIntervalSeconds` as the safety net), polling when the server says, looks at the dates and a seat map,
 * holds 1..maxSeatsPerOrder random AVAILABLE seats of one date in one order (others after each 409; fewer when fewer
 * are left), charges the total and pays; `refundRate` of the buyers then refund with their user key, which puts the
 * seats back on sale for the fans still shopping. A fan who finds nothing left leaves the room, freeing the slot.
 * With `faultRate`, charge and
 * payment responses are dropped after the server answered and the same request is sent again with the same
 * Idempotency-Key. The table is then read directly (Query/GetItem on known partitions) to check the invariants.
 */
export const runFlashSale = async (
  baseApi: ApiClient,
  target: BenchTarget,
  db: DynamoDBDocumentClient,
  options: FlashSaleOptions,
  invariants: InvariantLog,
): Promise<FlashSaleResult> => {
  const dates = benchDates(options.dates);
  const concertId = await createBenchConcert(db, target.tableName, { dates, seatsPerDate: options.seatsPerDate });
  const capacity = options.dates * options.seatsPerDate;
  const fans = await registerUsers(baseApi.recordingTo(new Recorder()), options.users);
  const userIds = fans.map((fan) => fan.userId);

  const recorder = new Recorder();
  const api = baseApi.recordingTo(recorder);
  let dropped = 0;
  let replayMismatches = 0;
  let holdAttempts = 0;
  let lastPaymentAt = 0;

  /** Sends again (same request) while the service answers 503, as its Retry-After asks. */
  const send = async (label: string, method: 'GET' | 'POST' | 'DELETE', path: string, request: ApiRequest = {}): Promise<ApiReply> => {
    for (let attempt = 1; ; attempt += 1) {
      const reply = await api.request(label, method, path, request);
      if (reply.status !== 503 || attempt >= 6) return reply;
      await sleep(250 * attempt + Math.random() * 250);
    }
  };

  /** Charge and payment: the client may lose the answer and ask again with the same key; the answer must not change. */
  const sendIdempotent = async (label: string, path: string, request: ApiRequest): Promise<ApiReply> => {
    let lost: ApiReply | undefined;
    for (;;) {
      const reply = await send(label, 'POST', path, request);
      if (lost && lost.status < 300 && (reply.status !== lost.status || JSON.stringify(reply.body) !== JSON.stringify(lost.body))) {
        replayMismatches += 1;
      }
      if (Math.random() >= options.faultRate) return reply;
      dropped += 1;
      lost = reply;
    }
  };

  const expect = (reply: ApiReply, status: number, step: string): void => {
    if (reply.status !== status) throw new FanAborted(`${step}: ${reply.status} ${reply.code ?? ''}`.trim());
  };

  /** Per token: the first estimate a WAITING fan was given, its position then, and when (epoch ms). */
  const firstEstimates = new Map<string, FirstEstimate>();
  /** Per token: when its fan first got an answer saying ACTIVE (epoch ms). */
  const noticedActive = new Map<string, number>();
  const tokens: string[] = [];
  const waitUntilActive = async (token: string, issued: ApiReply): Promise<void> => {
    type View = { status: string; position: number | null; estimatedWaitSeconds: number | null; pollAfterSeconds: number };
    const note = (view: View): void => {
      if (view.status === 'WAITING' && view.estimatedWaitSeconds !== null && !firstEstimates.has(token)) {
        firstEstimates.set(token, { estimateSeconds: view.estimatedWaitSeconds, position: view.position ?? 0, answeredAtMs: Date.now() });
      }
    };
    let view = issued.body as View;
    note(view);
    while (view.status !== 'ACTIVE') {
      await sleep(pollDelayMs(view.pollAfterSeconds));
      const reply = await send(route.poll, 'GET', '/queue/tokens/me', { token });
      expect(reply, 200, 'poll');
      view = reply.body as View;
      note(view);
    }
    noticedActive.set(token, Date.now());
  };

  /**
   * Holds `wanted` random AVAILABLE seats of one date in one order (fewer when a date has fewer left), trying again
   * on a fresh seat map after each 409; undefined when no date has a seat left.
   */
  const holdSomeSeats = async (token: string, wanted: number): Promise<{ reservationId: string; price: number; seatCount: number } | undefined> => {
    for (;;) {
      const listed = await send(route.dates, 'GET', `/concerts/${concertId}/dates`);
      expect(listed, 200, 'dates');
      const open = (listed.body.dates as { date: string }[]).map((entry) => entry.date);
      if (open.length === 0) return undefined;
      let triedAny = false;
      for (const date of shuffled(open)) {
        for (;;) {
          const map = await send(route.seats, 'GET', `/concerts/${concertId}/dates/${date}/seats`, { token });
          expect(map, 200, 'seat map');
          const available = (map.body.seats as { seatNo: number; status: string }[]).filter((seat) => seat.status === 'AVAILABLE');
          if (available.length === 0) break;
          triedAny = true;
          const seatNos = shuffled(available).slice(0, wanted).map((seat) => seat.seatNo);
          holdAttempts += 1;
          const held = await send(route.hold, 'POST', '/reservations', { token, body: { concertId, date, seatNos } });
          if (held.status === 201) return { reservationId: held.body.reservationId as string, price: held.body.price as number, seatCount: seatNos.length };
          if (held.code !== 'SEAT_ALREADY_RESERVED') expect(held, 201, 'hold');
        }
      }
      // Nothing AVAILABLE on an open date: its seats are held by fans still paying; some may come back.
      if (!triedAny) await sleep(250);
    }
  };

  const journey = async ({ userId, userKey }: BenchFan): Promise<Outcome> => {
    let charged = 0;
    let token: string | undefined;
    try {
      let issued = await send(route.issue, 'POST', '/queue/tokens', { token: userKey, body: { concertId } });
      // A 503 may have written the token all the same: its retry is refused, and the client recovers its place.
      if (issued.status === 409 && issued.code === 'TOKEN_ALREADY_ISSUED') {
        issued = await send(route.recover, 'GET', `/queue/tokens?concertId=${encodeURIComponent(concertId)}`, { token: userKey });
        expect(issued, 200, 'recover token');
      } else {
        expect(issued, 201, 'issue token');
      }
      token = issued.body.token as string;
      tokens.push(token);
      await waitUntilActive(token, issued);
      if (options.thinkSeconds > 0) await sleep(thinkDelayMs(options.thinkSeconds));
      const hold = await holdSomeSeats(token, 1 + Math.floor(Math.random() * options.maxSeatsPerOrder));
      if (!hold) {
        expect(await send(route.leave, 'DELETE', '/queue/tokens/me', { token }), 204, 'leave');
        return { kind: 'left' };
      }
      const charge = await sendIdempotent(route.charge, '/balance/charge', {
        token,
        body: { amount: hold.price },
        headers: { 'idempotency-key': `charge-${userId}` },
      });
      expect(charge, 200, 'charge');
      charged = hold.price;
      const payment = await sendIdempotent(route.pay, '/payments', {
        token,
        body: { reservationId: hold.reservationId },
        headers: { 'idempotency-key': `pay-${hold.reservationId}` },
      });
      expect(payment, 201, 'pay');
      lastPaymentAt = performance.now();
      let refunded = 0;
      if (Math.random() < options.refundRate) {
        const refund = await sendIdempotent(route.refund, `/reservations/${hold.reservationId}/refund`, {
          token: userKey,
          body: {},
          headers: { 'idempotency-key': `refund-${hold.reservationId}` },
        });
        expect(refund, 200, 'refund');
        refunded = refund.body.refunded as number;
      }
      const purchase = { userId, token, reservationId: hold.reservationId, seatCount: hold.seatCount, charged, paid: payment.body.amount as number, refunded };
      return { kind: 'paid', purchase };
    } catch (error) {
      if (!(error instanceof FanAborted)) throw error;
      // Free the slot for the others; a fan holding a seat leaves it HELD, which the invariants will show.
      if (token) await api.request(route.leave, 'DELETE', '/queue/tokens/me', { token }).catch(() => undefined);
      return { kind: 'aborted', reason: error.message, charged, userId };
    }
  };

  let maxActiveSeen = 0;
  const activeSamples: number[] = [];
  const utilisationSamples: number[] = [];
  const roomReadings: RoomReading[] = [];
  let sampling = true;
  // The room's counters as the service sums them, read directly: not through the fans' request queue nor a cache.
  const rooms = new DynamoRoomRepository(db, target.tableName, loadSettings().queueShards, systemClock);
  const roomSampler = (async () => {
    while (sampling) {
      const sentAtMs = Date.now();
      const room = await rooms.readRoom(concertId).catch(() => undefined);
      if (room) roomReadings.push({ atMs: (sentAtMs + Date.now()) / 2, active: room.activeCount, waiting: waitingCount(room) });
      await sleep(250);
    }
  })();
  const sampler = (async () => {
    while (sampling) {
      const status = await api.request(route.queue, 'GET', `/concerts/${concertId}/queue`).catch(() => undefined);
      if (status?.status === 200) {
        maxActiveSeen = Math.max(maxActiveSeen, status.body.active as number);
        activeSamples.push(status.body.active as number);
        if ((status.body.waiting as number) > 0) utilisationSamples.push((status.body.active as number) / (status.body.maxActive as number));
      }
      await sleep(250);
    }
  })();

  if (options.countHotKeys) await target.hotKeys?.start();
  const started = performance.now();
  const outcomes = await Promise.all(fans.map(journey));
  const completionMs = performance.now() - started;
  const hotKeys = options.countHotKeys ? await target.hotKeys?.report() : undefined;
  const admissionEventsLag = await target.streamLag?.();
  sampling = false;
  await Promise.all([sampler, roomSampler]);

  const { figures: admission, estimateLog } = await admissionFigures(new TableReader(db, target.tableName), {
    tokens,
    firstEstimates,
    noticedActive,
    maxActive: options.maxActiveTokens,
    utilisationSamples,
    roomReadings,
    polls: recorder.report()[route.poll]?.count ?? 0,
    fans: options.users,
  });

  const purchases = outcomes.flatMap((outcome) => (outcome.kind === 'paid' ? [outcome.purchase] : []));
  const aborted = outcomes.flatMap((outcome) => (outcome.kind === 'aborted' ? [outcome] : []));
  const endpoints = recorder.report();
  const errors: Record<string, number> = {};
  for (const [outcome, count] of Object.entries(recorder.outcomeTotals())) if (!/^2\d\d$/.test(outcome)) errors[outcome] = count;

  const seatsSold = await checkFlashSaleInvariants({
    api,
    reader: new TableReader(db, target.tableName),
    concertId,
    dates,
    userIds,
    purchases,
    chargedByAborted: aborted.reduce((sum, outcome) => sum + outcome.charged, 0),
    options,
    capacity,
    maxActiveSeen,
    replayMismatches,
    errors,
    invariants,
  });
  for (const [reason, count] of Object.entries(tallyReasons(aborted.map((outcome) => outcome.reason)))) {
    invariants.check(`${options.name}: no fan gave up (${reason})`, false, `${count} fans`);
  }

  return {
    name: options.name,
    users: options.users,
    capacity,
    maxActiveTokens: options.maxActiveTokens,
    faultRate: options.faultRate,
    completionMs: Math.round(completionMs),
    soldOutMs: Math.round(Math.max(0, lastPaymentAt - started)),
    requests: Object.values(endpoints).reduce((sum, endpoint) => sum + endpoint.count, 0),
    endpoints,
    errors,
    fans: { paid: purchases.length, refunded: purchases.filter((purchase) => purchase.refunded > 0).length, leftWithoutSeat: outcomes.filter((outcome) => outcome.kind === 'left').length, aborted: aborted.length },
    orderSizes: tallyReasons(purchases.map((purchase) => String(purchase.seatCount))),
    seatsSold,
    holdAttempts,
    faults: { dropped, replayMismatches },
    maxActiveSeen,
    meanActive: Math.round(activeSamples.reduce((sum, active) => sum + active, 0) / Math.max(1, activeSamples.length)),
    admissionIntervalSeconds: options.admissionIntervalSeconds,
    admission,
    estimateLog,
    ...(admissionEventsLag ? { admissionEventsLag } : {}),
    ...(hotKeys ? { hotKeys } : {}),
  };
};

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const sortedOf = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const roundTo = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** |estimate − actual| ÷ actual, actual = admission − the answer that told the estimate (at least 1 s). */
export const estimateErrorOf = (estimateSeconds: number, answeredAtMs: number, admittedAtMs: number): number => {
  const actualSeconds = Math.max(1, (admittedAtMs - answeredAtMs) / 1000);
  return Math.abs(estimateSeconds - actualSeconds) / actualSeconds;
};

/** Reads every fan's token (its `issuedAt` and `admittedAt` stay after it ends) and sets them against what fans saw. */
const admissionFigures = async (
  reader: TableReader,
  input: {
    tokens: readonly string[];
    firstEstimates: ReadonlyMap<string, FirstEstimate>;
    noticedActive: ReadonlyMap<string, number>;
    maxActive: number;
    utilisationSamples: readonly number[];
    roomReadings: readonly RoomReading[];
    polls: number;
    fans: number;
  },
): Promise<{ figures: AdmissionFigures; estimateLog: EstimateLog }> => {
  const lineAdmissionsAtMs: number[] = [];
  const estimates: [number, number, number, number][] = [];
  const waits: number[] = [];
  const errors: number[] = [];
  const notices: number[] = [];
  const lives: { issuedAt: number; admittedAt?: number; noticedAt?: number; endedAt?: number }[] = [];
  await Promise.all(
    input.tokens.map(async (jwt) => {
      const item = await reader.get(queueTokenKey(tokenIdOf(jwt)));
      if (typeof item?.issuedAt !== 'number') return;
      const noticedAt = input.noticedActive.get(jwt);
      const admittedAt = typeof item.admittedAt === 'number' ? item.admittedAt : undefined;
      lives.push({
        issuedAt: item.issuedAt,
        ...(admittedAt === undefined ? {} : { admittedAt }),
        ...(noticedAt === undefined ? {} : { noticedAt }),
        ...(typeof item.endedAt === 'number' ? { endedAt: item.endedAt } : {}),
      });
      if (admittedAt === undefined) return;
      waits.push(admittedAt - item.issuedAt);
      if (admittedAt > item.issuedAt) lineAdmissionsAtMs.push(admittedAt);
      if (noticedAt !== undefined && admittedAt > item.issuedAt) notices.push(Math.max(0, noticedAt - admittedAt));
      const first = input.firstEstimates.get(jwt);
      if (!first) return;
      errors.push(estimateErrorOf(first.estimateSeconds, first.answeredAtMs, admittedAt));
      estimates.push([first.answeredAtMs, first.position, first.estimateSeconds, admittedAt]);
    }),
  );
  const sortedWaits = sortedOf(waits);
  const sortedErrors = sortedOf(errors);
  const sortedNotices = sortedOf(notices);
  const figures: AdmissionFigures = {
    slotTime: slotTimeWhileWaiting(lives, input.maxActive),
    admissionToNoticeMs: { p50: Math.round(percentile(sortedNotices, 0.5)), p95: Math.round(percentile(sortedNotices, 0.95)) },
    utilisation: roundTo(utilisationOverTime(input.roomReadings, input.maxActive), 3),
    utilisationReadings: {
      count: input.roomReadings.length,
      maxGapMs: Math.round(Math.max(0, ...input.roomReadings.slice(1).map((reading, index) => reading.atMs - (input.roomReadings[index]?.atMs ?? reading.atMs)))),
    },
    viewSampleUtilisation: roundTo(mean(input.utilisationSamples), 3),
    pollsPerFan: roundTo(input.polls / Math.max(1, input.fans), 2),
    arrivalToAdmissionMs: { p50: Math.round(percentile(sortedWaits, 0.5)), p95: Math.round(percentile(sortedWaits, 0.95)) },
    estimateError: {
      p50: roundTo(percentile(sortedErrors, 0.5), 3),
      p90: roundTo(percentile(sortedErrors, 0.9), 3),
      p95: roundTo(percentile(sortedErrors, 0.95), 3),
      fans: errors.length,
    },
  };
  return { figures, estimateLog: { lineAdmissionsAtMs: sortedOf(lineAdmissionsAtMs), firstEstimates: estimates.sort((a, b) => a[0] - b[0]) } };
};

/** One consistent read of the room's counters (`atMs`: the middle of the read). */
interface RoomReading {
  readonly atMs: number;
  readonly active: number;
  readonly waiting: number;
}

/** ACTIVE ÷ maxActive averaged over the time the readings showed anyone waiting, each reading holding until the next. */
export const utilisationOverTime = (readings: readonly RoomReading[], maxActive: number): number => {
  let weighted = 0;
  let time = 0;
  readings.forEach((reading, index) => {
    const next = readings[index + 1];
    if (next === undefined || reading.waiting === 0) return;
    const span = next.atMs - reading.atMs;
    weighted += span * Math.min(reading.active, maxActive);
    time += span;
  });
  return time === 0 ? 0 : weighted / time / maxActive;
};

/**
 * Sweeps the tokens' events in time order and integrates, while anyone waits (issued, not yet admitted nor ended),
 * the free slots, the ACTIVE slots whose fan does not know yet, and the ACTIVE slots whose fan knows.
 */
const slotTimeWhileWaiting = (
  lives: readonly { issuedAt: number; admittedAt?: number; noticedAt?: number; endedAt?: number }[],
  maxActive: number,
): { free: number; unnoticed: number; used: number } => {
  const events: { at: number; waiting: number; unnoticed: number; used: number }[] = [];
  for (const life of lives) {
    const leftLine = life.admittedAt ?? life.endedAt;
    if (leftLine !== undefined && leftLine > life.issuedAt) events.push({ at: life.issuedAt, waiting: 1, unnoticed: 0, used: 0 }, { at: leftLine, waiting: -1, unnoticed: 0, used: 0 });
    if (life.admittedAt === undefined) continue;
    const end = life.endedAt ?? Number.POSITIVE_INFINITY;
    const noticed = Math.min(end, Math.max(life.admittedAt, life.noticedAt ?? end));
    events.push({ at: life.admittedAt, waiting: 0, unnoticed: 1, used: 0 }, { at: noticed, waiting: 0, unnoticed: -1, used: 1 });
    if (Number.isFinite(end)) events.push({ at: end, waiting: 0, unnoticed: 0, used: -1 });
  }
  events.sort((a, b) => a.at - b.at);
  let waiting = 0;
  let unnoticed = 0;
  let used = 0;
  let last = events[0]?.at ?? 0;
  const total = { free: 0, unnoticed: 0, used: 0, time: 0 };
  for (const event of events) {
    const span = event.at - last;
    if (waiting > 0 && span > 0) {
      total.time += span * maxActive;
      total.unnoticed += span * unnoticed;
      total.used += span * used;
      total.free += span * Math.max(0, maxActive - unnoticed - used);
    }
    waiting += event.waiting;
    unnoticed += event.unnoticed;
    used += event.used;
    last = event.at;
  }
  const share = (part: number) => roundTo(part / Math.max(1, total.time), 3);
  return { free: share(total.free), unnoticed: share(total.unnoticed), used: share(total.used) };
};

const tallyReasons = (reasons: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
};

/**
 * Reads seats, user partitions, reservations and the room directly, and polls every payer's token. Answers the
 * number of seats SOLD at the end.
 */
const checkFlashSaleInvariants = async (input: {
  api: ApiClient;
  reader: TableReader;
  concertId: string;
  dates: readonly string[];
  userIds: readonly string[];
  purchases: readonly Purchase[];
  chargedByAborted: number;
  options: FlashSaleOptions;
  capacity: number;
  maxActiveSeen: number;
  replayMismatches: number;
  errors: Readonly<Record<string, number>>;
  invariants: InvariantLog;
}): Promise<number> => {
  const { reader, concertId, options, invariants } = input;
  const name = options.name;
  const seats = (await Promise.all(input.dates.map((date) => reader.seats(concertId, date)))).flat();
  const seatKeyOf = (date: unknown, seatNo: unknown) => `${String(date)}#${String(seatNo)}`;
  const seatByKey = new Map(seats.map((seat) => [seatKeyOf(String(seat.pk).split('#').pop(), seat.seatNo), seat]));
  const sold = seats.filter((seat) => seat.status === 'SOLD');
  const stillHeld = seats.filter((seat) => seat.status === 'HELD');
  const partitions = await Promise.all(input.userIds.map(async (userId) => ({ userId, ...(await reader.userPartition(userId)) })));

  // Every reservation that was ever paid (a refunded one keeps its payment), read by key.
  const payments = partitions.flatMap((partition) => partition.payments);
  const reservations = (await Promise.all(payments.filter((payment) => payment.concertId === concertId).map((payment) => reader.reservation(payment.reservationId as string)))).filter(
    (reservation): reservation is Record<string, unknown> => reservation !== undefined,
  );
  const idOf = (reservation: Record<string, unknown>) => String(reservation.pk).replace('RESERVATION#', '');
  const confirmed = reservations.filter((reservation) => reservation.status === 'CONFIRMED');
  const refunded = reservations.filter((reservation) => reservation.status === 'REFUNDED');
  const confirmedPerSeat = new Map<string, string[]>();
  for (const reservation of confirmed) {
    for (const seatNo of reservation.seatNos as number[]) {
      const seatKey = seatKeyOf(reservation.date, seatNo);
      confirmedPerSeat.set(seatKey, [...(confirmedPerSeat.get(seatKey) ?? []), idOf(reservation)]);
    }
  }
  const soldTwice = [...confirmedPerSeat].filter(([, ids]) => ids.length > 1);
  const soldWithoutItsReservation = sold.filter((seat) => {
    const ids = confirmedPerSeat.get(seatKeyOf(String(seat.pk).split('#').pop(), seat.seatNo)) ?? [];
    return !(ids.length === 1 && ids[0] === seat.reservationId);
  });
  invariants.check(
    `${name}: no seat sold twice, none left HELD`,
    soldTwice.length === 0 && soldWithoutItsReservation.length === 0 && stillHeld.length === 0 && payments.length === reservations.length,
    `${soldTwice.length} seats in two CONFIRMED reservations, ${soldWithoutItsReservation.length} SOLD seats not in exactly their CONFIRMED reservation, ${stillHeld.length} still HELD, ${payments.length - reservations.length} payments without a reservation`,
  );
  const partlySold = confirmed.filter((reservation) =>
    (reservation.seatNos as number[]).some((seatNo) => {
      const seat = seatByKey.get(seatKeyOf(reservation.date, seatNo));
      return seat?.status !== 'SOLD' || seat.reservationId !== idOf(reservation) || seat.ownerId !== reservation.userId;
    }),
  );
  invariants.check(
    `${name}: every seat of a CONFIRMED reservation is SOLD to it alone`,
    partlySold.length === 0,
    `${partlySold.length} of ${confirmed.length} CONFIRMED reservations with a seat not SOLD to them`,
  );
  const refundedStillTheirs = refunded.filter((reservation) =>
    (reservation.seatNos as number[]).some((seatNo) => {
      const seat = seatByKey.get(seatKeyOf(reservation.date, seatNo));
      return !(seat?.status === 'AVAILABLE' || (seat?.status === 'SOLD' && seat.reservationId !== idOf(reservation)));
    }),
  );
  const resold = refunded.flatMap((reservation) => (reservation.seatNos as number[]).filter((seatNo) => seatByKey.get(seatKeyOf(reservation.date, seatNo))?.status === 'SOLD'));
  invariants.check(
    `${name}: refunded seats back on sale (AVAILABLE, or sold again once)`,
    refundedStillTheirs.length === 0,
    `${refundedStillTheirs.length} of ${refunded.length} REFUNDED reservations with a seat still theirs; ${resold.length} refunded seats sold again`,
  );

  const balances = partitions.reduce((sum, partition) => sum + ((partition.profile?.balance as number | undefined) ?? 0), 0);
  const paidTotal = payments.reduce((sum, payment) => sum + (payment.amount as number), 0);
  const ledgerOf = (kind: string) => partitions.flatMap((partition) => partition.ledger).filter((entry) => entry.kind === kind);
  const refundedTotal = ledgerOf('REFUND').reduce((sum, entry) => sum + (entry.amount as number), 0);
  const acknowledgedRefunds = input.purchases.reduce((sum, purchase) => sum + purchase.refunded, 0);
  const acknowledgedCharges = input.purchases.reduce((sum, purchase) => sum + purchase.charged, 0) + input.chargedByAborted;
  const ledgerChargeTotal = ledgerOf('CHARGE').reduce((sum, entry) => sum + (entry.amount as number), 0);
  invariants.check(
    `${name}: Σ balances + Σ payments − Σ refunds == Σ charges`,
    balances + paidTotal - refundedTotal === acknowledgedCharges && ledgerChargeTotal === acknowledgedCharges && refundedTotal === acknowledgedRefunds,
    `${balances} + ${paidTotal} − ${refundedTotal} vs ${acknowledgedCharges} acknowledged (${ledgerChargeTotal} charged, ${acknowledgedRefunds} refunded by answers)`,
  );

  const purchaseByUser = new Map(input.purchases.map((purchase) => [purchase.userId, purchase]));
  const doubleCharged = partitions.filter(
    (partition) => partition.ledger.filter((entry) => entry.kind === 'CHARGE').length > 1 || partition.ledger.filter((entry) => entry.kind === 'REFUND').length > 1,
  );
  const wrongPayments = partitions.filter((partition) => partition.payments.length !== (purchaseByUser.has(partition.userId) ? 1 : 0));
  invariants.check(
    `${name}: no double charge, payment or refund`,
    doubleCharged.length === 0 && wrongPayments.length === 0 && input.replayMismatches === 0,
    `${doubleCharged.length} fans charged or refunded twice, ${wrongPayments.length} fans with a payment count != acknowledged, ${input.replayMismatches} replays that differed`,
  );

  const polls = await Promise.all(
    input.purchases.map((purchase) => input.api.request('check GET /queue/tokens/me', 'GET', '/queue/tokens/me', { token: purchase.token })),
  );
  const stillLive = polls.filter((reply) => reply.status !== 401);
  invariants.check(`${name}: every payer's token expired (401 on poll)`, stillLive.length === 0, `${polls.length - stillLive.length} of ${polls.length} answered 401`);

  const room = await reader.room(concertId);
  // The public queue view may be up to publicViewMaxAgeMs old (a per-instance cache): read it once that has passed.
  await new Promise((resolve) => setTimeout(resolve, publicViewMaxAgeMs));
  const queue = await input.api.request('check GET /concerts/{concertId}/queue', 'GET', `/concerts/${concertId}/queue`);
  invariants.check(
    `${name}: room drained (activeCount 0, nobody waiting)`,
    room?.activeCount === 0 && queue.body?.waiting === 0 && queue.body?.active === 0,
    `activeCount ${String(room?.activeCount)}, queue ${JSON.stringify(queue.body)}`,
  );
  invariants.check(
    `${name}: never more than MAX_ACTIVE_TOKENS active`,
    input.maxActiveSeen <= options.maxActiveTokens && input.maxActiveSeen > 0,
    `max ${input.maxActiveSeen} seen of ${options.maxActiveTokens}`,
  );
  const internalErrors = Object.entries(input.errors).filter(([outcome]) => outcome.startsWith('500')).reduce((sum, [, count]) => sum + count, 0);
  invariants.check(`${name}: no 500 INTERNAL_ERROR`, internalErrors === 0, `${internalErrors} × 500`);
  return sold.length;
};
