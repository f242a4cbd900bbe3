import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { uuidGenerator } from '../../lambdas/adapters/system';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';
import type { ApiClient, ApiReply } from './http';
import type { BenchTarget } from './target';

export const seatPrice = 50_000;

const dayMs = 24 * 60 * 60 * 1000;

/** `count` consecutive dates from 2099-01-01: always open for booking, never in the past. */
export const benchDates = (count: number, offsetDays = 0): string[] =>
  Array.from({ length: count }, (_, index) => new Date(Date.UTC(2099, 0, 1) + (offsetDays + index) * dayMs).toISOString().slice(0, 10));

/** Creates a concert the way the admin CLI does (there is no public endpoint for it). */
export const createBenchConcert = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  shape: { readonly dates: readonly string[]; readonly seatsPerDate: number },
): Promise<string> => {
  const { concert } = await createConcert({ concerts: new DynamoConcertRepository(db, tableName), ids: uuidGenerator })({
    title: `Bench ${randomUUID().slice(0, 8)}`,
    venue: 'Bench Hall',
    dates: shape.dates,
    seatsPerDate: shape.seatsPerDate,
    price: seatPrice,
  });
  return concert.concertId;
};

/** A registered fan and the user key POST /users returned. */
export interface BenchFan {
  readonly userId: string;
  readonly userKey: string;
}

/** Registers `count` fans through `POST /users`; a 503 (a busy machine) is sent again, as a client would. */
export const registerUsers = async (api: ApiClient, count: number, label = 'POST /users'): Promise<BenchFan[]> =>
  Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const reply = await untilNot503(() => api.request(label, 'POST', '/users', { body: { name: `bench fan ${index}` } }));
      if (reply.status !== 201) throw new Error(`POST /users answered ${reply.status} ${JSON.stringify(reply.body)}`);
      return { userId: reply.body.userId as string, userKey: reply.body.userKey as string };
    }),
  );

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fisher–Yates. */
export const shuffled = <T>(values: readonly T[]): T[] => {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

/**
 * Sends a request again while the service answers 503 (it asks to, with Retry-After); any other answer is returned.
 * Used for setup steps whose own latency is not what a scenario measures.
 */
export const untilNot503 = async (send: () => Promise<ApiReply>, attempts = 8): Promise<ApiReply> => {
  for (let attempt = 1; ; attempt += 1) {
    const reply = await send();
    if (reply.status !== 503 || attempt >= attempts) return reply;
    await sleep(100 * attempt + Math.random() * 200);
  }
};

/**
 * Takes an ACTIVE token for every user: issues them all, runs the sweeper for those left WAITING, and polls
 * until each is ACTIVE. The room must have at least as many slots as there are users.
 */
export const takeActiveTokens = async (api: ApiClient, target: BenchTarget, users: readonly BenchFan[], concertId: string): Promise<string[]> => {
  const issued = await Promise.all(
    users.map(async ({ userKey }) => {
      let reply = await untilNot503(() => api.request('setup POST /queue/tokens', 'POST', '/queue/tokens', { token: userKey, body: { concertId } }));
      // A 503 may have written the token all the same: its retry is refused, and the fan recovers the token.
      if (reply.status === 409 && reply.code === 'TOKEN_ALREADY_ISSUED') {
        reply = await untilNot503(() => api.request('setup GET /queue/tokens', 'GET', `/queue/tokens?concertId=${encodeURIComponent(concertId)}`, { token: userKey }));
      }
      if (reply.status !== 201 && reply.status !== 200) throw new Error(`POST /queue/tokens answered ${reply.status} ${JSON.stringify(reply.body)}`);
      return { token: reply.body.token as string, active: reply.body.status === 'ACTIVE' };
    }),
  );
  let waiting = issued.filter((entry) => !entry.active);
  for (let round = 0; waiting.length > 0; round += 1) {
    if (round >= 30) throw new Error(`${waiting.length} tokens still WAITING after 30 sweeper runs: is MAX_ACTIVE_TOKENS below ${users.length}?`);
    await target.sweepNow();
    const polled = await Promise.all(
      waiting.map(async (entry) => {
        const reply = await api.request('setup GET /queue/tokens/me', 'GET', '/queue/tokens/me', { token: entry.token });
        return { ...entry, active: reply.status === 200 && reply.body.status === 'ACTIVE' };
      }),
    );
    waiting = polled.filter((entry) => !entry.active);
  }
  return issued.map((entry) => entry.token);
};
