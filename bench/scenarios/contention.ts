import { loadavg } from 'node:os';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seatKey } from '../../lambdas/adapters/dynamodb/entities/seat';
import { startCpuHog } from '../lib/cpu-hog';
import { benchDates, createBenchConcert, registerUsers, seatPrice, takeActiveTokens } from '../lib/fixtures';
import type { ApiClient } from '../lib/http';
import type { InvariantLog } from '../lib/invariants';
import { TableReader } from '../lib/invariants';
import type { EndpointReport } from '../lib/stats';
import { Recorder } from '../lib/stats';
import type { BenchTarget } from '../lib/target';

export interface ContentionOptions {
  /** Parallel charges of the one user. */
  readonly charges: number;
  /** Parallel payments of the same user, one hold per concert (a payment ends the token it was made with). */
  readonly payments: number;
  readonly chargeAmount: number;
}

export interface ContentionResult {
  readonly charges: EndpointReport & { readonly sent: number; readonly elapsedMs: number };
  readonly payments: EndpointReport & { readonly sent: number; readonly elapsedMs: number };
  /** One-minute load average while the hog ran, read at the end of the charges. */
  readonly loadAverageDuringRun: number;
}

const chargeLabel = 'contention POST /balance/charge';
const paymentLabel = 'contention POST /payments';

/**
 * Same-user contention on a busy machine: a CPU hog spins on every core while one user sends `charges` parallel
 * charges, then pays `payments` holds in parallel. Every first answer must be a success (no 503: the balance
 * changes are serialized by DynamoDB, not retried by guessing), and the table must agree: the balance equals
 * the sum of the ledger, with one entry per request.
 */
export const runContention = async (
  api: ApiClient,
  target: BenchTarget,
  db: DynamoDBDocumentClient,
  options: ContentionOptions,
  invariants: InvariantLog,
): Promise<ContentionResult> => {
  const dates = benchDates(1);
  const concertIds = await Promise.all(Array.from({ length: options.payments }, () => createBenchConcert(db, target.tableName, { dates, seatsPerDate: 50 })));
  const [fan] = await registerUsers(api, 1, 'setup POST /users');
  if (!fan) throw new Error('no fan registered');
  const tokens = await Promise.all(concertIds.map(async (concertId) => (await takeActiveTokens(api, target, [fan], concertId))[0] as string));
  const holds = await Promise.all(
    concertIds.map(async (concertId, index) => {
      const reply = await api.request('setup POST /reservations', 'POST', '/reservations', { token: tokens[index], body: { concertId, date: dates[0], seatNo: 1 } });
      if (reply.status !== 201) throw new Error(`hold answered ${reply.status} ${JSON.stringify(reply.body)}`);
      return { concertId, reservationId: reply.body.reservationId as string };
    }),
  );

  const recorder = new Recorder();
  const client = api.recordingTo(recorder);
  const hog = startCpuHog(300);
  let loadAverageDuringRun: number;
  let chargesMs: number;
  let paymentsMs: number;
  try {
    const chargesStarted = performance.now();
    await Promise.all(
      Array.from({ length: options.charges }, (_, index) =>
        client.request(chargeLabel, 'POST', '/balance/charge', {
          token: fan.userKey,
          body: { amount: options.chargeAmount },
          headers: { 'idempotency-key': `contention-charge-${index}` },
        }),
      ),
    );
    chargesMs = performance.now() - chargesStarted;
    loadAverageDuringRun = loadavg()[0] ?? 0;
    const paymentsStarted = performance.now();
    await Promise.all(
      holds.map(({ reservationId }, index) =>
        client.request(paymentLabel, 'POST', '/payments', { token: tokens[index], body: { reservationId }, headers: { 'idempotency-key': `contention-pay-${index}` } }),
      ),
    );
    paymentsMs = performance.now() - paymentsStarted;
  } finally {
    await hog.stop();
  }

  const report = recorder.report();
  const charges = report[chargeLabel] as EndpointReport;
  const payments = report[paymentLabel] as EndpointReport;
  invariants.check(
    `contention: ${options.charges} of ${options.charges} same-user charges answered 200 under a CPU hog`,
    charges.outcomes['200'] === options.charges,
    JSON.stringify(charges.outcomes),
  );
  invariants.check(
    `contention: ${options.payments} of ${options.payments} same-user payments answered 201 under a CPU hog`,
    payments.outcomes['201'] === options.payments,
    JSON.stringify(payments.outcomes),
  );

  const reader = new TableReader(db, target.tableName);
  const { profile, ledger } = await reader.userPartition(fan.userId);
  const balance = (profile?.balance as number | undefined) ?? 0;
  const ledgerSum = ledger.reduce((sum, entry) => sum + (entry.amount as number), 0);
  const chargeEntries = ledger.filter((entry) => entry.kind === 'CHARGE').length;
  const paymentEntries = ledger.filter((entry) => entry.kind === 'PAYMENT').length;
  const expected = options.charges * options.chargeAmount - options.payments * seatPrice;
  invariants.check(
    'contention: balance == Σ ledger == charged − paid, one entry per request',
    balance === ledgerSum && balance === expected && chargeEntries === options.charges && paymentEntries === options.payments,
    `balance ${balance}, Σ ledger ${ledgerSum}, expected ${expected}; ${chargeEntries} charge and ${paymentEntries} payment entries`,
  );
  const seats = await Promise.all(concertIds.map((concertId) => reader.get(seatKey(concertId, dates[0] as string, 1))));
  invariants.check(
    'contention: every paid seat SOLD to its reservation',
    seats.every((seat, index) => seat?.status === 'SOLD' && seat.reservationId === holds[index]?.reservationId),
    seats.map((seat) => String(seat?.status)).join(', '),
  );

  return {
    charges: { ...charges, sent: options.charges, elapsedMs: Math.round(chargesMs) },
    payments: { ...payments, sent: options.payments, elapsedMs: Math.round(paymentsMs) },
    loadAverageDuringRun: Math.round(loadAverageDuringRun * 100) / 100,
  };
};
