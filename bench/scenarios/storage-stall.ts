import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seatKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import { benchDates, createBenchConcert, registerUsers, seatPrice, sleep, takeActiveTokens } from '../lib/fixtures';
import type { ApiClient, ApiReply, ApiRequest } from '../lib/http';
import type { InvariantLog } from '../lib/invariants';
import { TableReader } from '../lib/invariants';
import type { DeadlineGuardReport, ServiceProcess } from '../lib/service-process';
import { Recorder } from '../lib/stats';

export interface StallOptions {
  readonly fans: number;
  /** How long the store stays frozen; longer than the API's time-out. */
  readonly stallMs: number;
  /** Fans start at random moments over this window; the stall begins in its middle. */
  readonly startWindowMs: number;
  /** The function time-out the 503s must come within (plus the event loop's slack on a busy machine). */
  readonly answerWithinMs: number;
}

/** The store to freeze: SIGSTOP and SIGCONT of the benchmark's DynamoDB Local. */
export interface Freezable {
  pause(): void;
  resume(): void;
}

export interface StallResult {
  readonly requests: number;
  readonly firstAttempts: number;
  readonly retries: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly slowestAnswerMs: number;
  readonly holdsBehind503: number;
  readonly elapsedMs: number;
  readonly guards: DeadlineGuardReport;
}

const extraChargeAmount = 1_000;
const unavailable = (reply: ApiReply | undefined): boolean => reply === undefined || reply.status === 503;

/**
 * Scenario "storage stall": every fan charges, holds a seat (every fourth fan a second one it leaves unpaid), pays
 * and charges again, each money request with its own Idempotency-Key, while DynamoDB Local is frozen (SIGSTOP)
 * for longer than the API's time-out in the middle of the run. Clients do what the contract tells them: a 503
 * or a lost answer is retried with the same key. Afterwards every key must have been applied exactly once
 * (ledger and balances), every hold written behind a 503 must belong to its owner and carry its expiry, and the
 * service must have started no storage write after answering.
 */
export const runStorageStall = async (
  api: ApiClient,
  service: ServiceProcess,
  db: DynamoDBDocumentClient,
  store: Freezable,
  options: StallOptions,
  invariants: InvariantLog,
): Promise<StallResult> => {
  const dates = benchDates(Math.ceil((2 * options.fans) / 50));
  const concertId = await createBenchConcert(db, service.tableName, { dates, seatsPerDate: 50 });
  const fans = await registerUsers(api, options.fans, 'setup POST /users');
  const tokens = await takeActiveTokens(api, service, fans, concertId);
  const seatOf = (index: number) => ({ date: dates[Math.floor(index / 50)] as string, seatNo: (index % 50) + 1 });

  const reader = new TableReader(db, service.tableName);
  const recorder = new Recorder();
  const client = api.recordingTo(recorder);
  let requests = 0;
  let firstAttempts = 0;
  let slowestAnswerMs = 0;
  /** Sends until the answer is not a 503 (the same request, so the same key), as a contract-abiding client. */
  const untilAnswered = async (label: string, method: 'GET' | 'POST', path: string, request: ApiRequest) => {
    firstAttempts += 1;
    let behind503 = false;
    for (let attempt = 1; ; attempt += 1) {
      requests += 1;
      const reply = await client.request(label, method, path, request).catch(() => undefined);
      if (reply) slowestAnswerMs = Math.max(slowestAnswerMs, reply.ms);
      if (!unavailable(reply)) return { reply: reply as ApiReply, behind503 };
      behind503 = true;
      if (attempt >= 60) throw new Error(`${label}: still unavailable after ${attempt} attempts`);
      await sleep(1_000 + Math.random() * 500);
    }
  };

  const unpaidHolds: { index: number; reservationId: string }[] = [];
  let holdsBehind503 = 0;
  const started = performance.now();
  const stall = (async () => {
    await sleep(options.startWindowMs / 2);
    store.pause();
    await sleep(options.stallMs);
    store.resume();
  })();
  const journeys = fans.map(async (fan, index) => {
    await sleep(Math.random() * options.startWindowMs);
    const token = tokens[index] as string;
    const charge = (key: string, amount: number) =>
      untilAnswered('POST /balance/charge', 'POST', '/balance/charge', { token: fan.userKey, body: { amount }, headers: { 'idempotency-key': key } });
    const hold = async (seat: { date: string; seatNo: number }): Promise<string> => {
      const { reply, behind503 } = await untilAnswered('POST /reservations', 'POST', '/reservations', { token, body: { concertId, ...seat } });
      if (reply.status === 201) return reply.body.reservationId as string;
      // The seat is taken: by this fan's own hold written behind a 503, which its owner must be able to see.
      const stored = behind503 && reply.code === 'SEAT_ALREADY_RESERVED' ? await reader.get(seatKey(concertId, seat.date, seat.seatNo)) : undefined;
      const reservationId = stored?.reservationId as string | undefined;
      const seen = reservationId ? await untilAnswered('GET /reservations/{id}', 'GET', `/reservations/${reservationId}`, { token }) : undefined;
      if (!reservationId || seen?.reply.status !== 200) throw new Error(`hold of fan ${index} answered ${reply.status} ${reply.code ?? ''} and no hold of theirs is visible`);
      holdsBehind503 += 1;
      return reservationId;
    };
    await charge(`stall-charge-${index}`, seatPrice);
    const reservationId = await hold(seatOf(2 * index));
    if (index % 4 === 0) unpaidHolds.push({ index, reservationId: await hold(seatOf(2 * index + 1)) });
    const payment = await untilAnswered('POST /payments', 'POST', '/payments', { token, body: { reservationId }, headers: { 'idempotency-key': `stall-pay-${index}` } });
    await charge(`stall-extra-${index}`, extraChargeAmount);
    return { fan, reservationId, payment: payment.reply };
  });
  const outcomes = await Promise.all(journeys);
  await stall;
  const elapsedMs = Math.round(performance.now() - started);
  const guards = await service.deadlineGuards();

  const statuses = recorder.outcomeTotals();
  invariants.check(
    'stall: the store froze for longer than the time-out while requests were in flight (some answered 503)',
    Object.entries(statuses).some(([outcome, count]) => outcome.startsWith('503') && count > 0),
    JSON.stringify(statuses),
  );
  invariants.check(`stall: every answer within ${options.answerWithinMs} ms`, slowestAnswerMs <= options.answerWithinMs, `slowest ${Math.round(slowestAnswerMs)} ms`);
  invariants.check('stall: 0 storage writes started after an answer was sent', guards.writesStartedAfterAnswer === 0, JSON.stringify(guards));
  invariants.check(
    'stall: every payment ended CONFIRMED (201 or its replay)',
    outcomes.every(({ payment }) => payment.status === 201 && payment.body.status === 'CONFIRMED'),
    JSON.stringify(recorder.report()['POST /payments']?.outcomes ?? {}),
  );

  const partitions = await Promise.all(outcomes.map(({ fan }) => reader.userPartition(fan.userId)));
  const wrong = partitions.filter(({ profile, ledger }) => {
    const balance = (profile?.balance as number | undefined) ?? 0;
    const sum = ledger.reduce((total, entry) => total + (entry.amount as number), 0);
    const kinds = ledger.map((entry) => `${String(entry.kind)}:${String(entry.amount)}`).sort();
    const expectedKinds = [`CHARGE:${extraChargeAmount}`, `CHARGE:${seatPrice}`, `PAYMENT:${-seatPrice}`].sort();
    return balance !== sum || balance !== extraChargeAmount || kinds.join() !== expectedKinds.join();
  });
  invariants.check(
    'stall: every keyed charge and payment applied exactly once (ledger of each fan: 2 charges, 1 payment; balance == Σ ledger)',
    wrong.length === 0,
    `${wrong.length} of ${partitions.length} fans differ`,
  );
  const seats = await Promise.all(outcomes.map((_, index) => reader.get(seatKey(concertId, seatOf(2 * index).date, seatOf(2 * index).seatNo))));
  invariants.check(
    'stall: every paid seat SOLD to the reservation that paid for it',
    seats.every((seat, index) => seat?.status === 'SOLD' && seat.reservationId === outcomes[index]?.reservationId),
    `${seats.filter((seat) => seat?.status === 'SOLD').length} of ${seats.length} SOLD`,
  );
  const unpaid = await Promise.all(unpaidHolds.map(({ reservationId }) => reader.reservation(reservationId)));
  const holdTtlMs = 300_000; // HOLD_TTL_SECONDS' default: the bench's service runs with it.
  invariants.check(
    'stall: every unpaid hold belongs to its fan and carries an expiry within the hold time',
    unpaid.every((reservation, position) => {
      const owner = fans[unpaidHolds[position]?.index as number]?.userId;
      const expiresAt = reservation?.expiresAt as number | undefined;
      return reservation?.userId === owner && reservation?.expiryPk !== undefined && expiresAt !== undefined && expiresAt <= Date.now() + holdTtlMs;
    }),
    `${unpaid.length} unpaid holds`,
  );

  return { requests, firstAttempts, retries: requests - firstAttempts, outcomes: statuses, slowestAnswerMs: Math.round(slowestAnswerMs), holdsBehind503, elapsedMs, guards };
};
