import { seatKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createBenchConcert, registerUsers, takeActiveTokens } from '../lib/fixtures';
import type { ApiClient } from '../lib/http';
import type { InvariantLog, TableReader } from '../lib/invariants';
import type { EndpointReport } from '../lib/stats';
import { perSecond, Recorder } from '../lib/stats';
import type { BenchTarget } from '../lib/target';

/** Fans who all hold ACTIVE tokens for one concert, ready to hold seats. */
export interface HoldingFans {
  readonly concertId: string;
  readonly userIds: readonly string[];
  readonly tokens: readonly string[];
}

/**
 * Registers `count` fans and gives each an ACTIVE token for a new concert with the given dates (50 seats each).
 * The service's MAX_ACTIVE_TOKENS must be at least `count`.
 */
export const prepareHoldingFans = async (
  api: ApiClient,
  target: BenchTarget,
  db: DynamoDBDocumentClient,
  options: { readonly count: number; readonly dates: readonly string[] },
): Promise<HoldingFans> => {
  const concertId = await createBenchConcert(db, target.tableName, { dates: options.dates, seatsPerDate: 50 });
  const fans = await registerUsers(api, options.count);
  const tokens = await takeActiveTokens(api, target, fans, concertId);
  return { concertId, userIds: fans.map((fan) => fan.userId), tokens };
};

export interface HoldsResult {
  readonly requests: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly latency: EndpointReport;
  readonly outcomes: Readonly<Record<string, number>>;
}

const label = 'POST /reservations';

/** Every fan sends one hold at the same moment; at most `api.concurrency` are in flight. */
export const sendHolds = async (
  api: ApiClient,
  fans: HoldingFans,
  seatOf: (fanIndex: number) => { date: string; seatNo: number },
): Promise<{ result: HoldsResult; replies: { status: number; reservationId?: string; userId: string }[] }> => {
  const recorder = new Recorder();
  const client = api.recordingTo(recorder);
  const started = performance.now();
  const replies = await Promise.all(
    fans.tokens.map(async (token, index) => {
      const { date, seatNo } = seatOf(index);
      const reply = await client.request(label, 'POST', '/reservations', { token, body: { concertId: fans.concertId, date, seatNo } });
      return { status: reply.status, reservationId: reply.body?.reservationId as string | undefined, userId: fans.userIds[index] as string };
    }),
  );
  const elapsedMs = performance.now() - started;
  const latency = recorder.report()[label] as EndpointReport;
  return {
    result: { requests: replies.length, elapsedMs: Math.round(elapsedMs), perSecond: perSecond(replies.length, elapsedMs), latency, outcomes: latency.outcomes },
    replies,
  };
};

/**
 * Scenario 1: every fan holds the same seat at once. Exactly one 201, everyone else 409 SEAT_ALREADY_RESERVED,
 * no 5xx, and the table agrees: the seat is HELD by the winner's reservation.
 */
export const runHotSeat = async (
  api: ApiClient,
  reader: TableReader,
  fans: HoldingFans,
  seat: { date: string; seatNo: number },
  invariants: InvariantLog,
): Promise<HoldsResult> => {
  const { result, replies } = await sendHolds(api, fans, () => seat);
  const n = fans.tokens.length;
  const winners = replies.filter((reply) => reply.status === 201);
  const created = result.outcomes['201'] ?? 0;
  const refused = result.outcomes['409 SEAT_ALREADY_RESERVED'] ?? 0;
  const serverErrors = Object.entries(result.outcomes).filter(([outcome]) => outcome.startsWith('5')).reduce((sum, [, count]) => sum + count, 0);
  invariants.check('hot seat: exactly one 201', created === 1, `${created} of ${n}`);
  invariants.check(`hot seat: ${n - 1} × 409 SEAT_ALREADY_RESERVED`, refused === n - 1, JSON.stringify(result.outcomes));
  invariants.check('hot seat: zero 5xx', serverErrors === 0, `${serverErrors} 5xx`);

  const stored = await reader.get(seatKey(fans.concertId, seat.date, seat.seatNo));
  const winner = winners[0];
  const reservation = winner?.reservationId ? await reader.reservation(winner.reservationId) : undefined;
  invariants.check(
    'hot seat: the seat is HELD by the one winning reservation',
    winners.length === 1 && stored?.status === 'HELD' && stored.reservationId === winner?.reservationId && reservation?.userId === winner?.userId,
    `seat ${String(stored?.status)} by ${String(stored?.reservationId)}; ${winners.length} winning replies`,
  );
  return result;
};
