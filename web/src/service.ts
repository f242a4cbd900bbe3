import { ApiError, newIdempotencyKey, request, withRetries } from './api';
import type { Challenge } from './proof-of-work';
import { solveChallenge } from './proof-of-work';
import type { Concert, ConcertDate, IssuedToken, LedgerEntry, Payment, QueueState, Reservation, RoomView, SeatMap } from './types';

/** One function per route of API.md the page uses. */

const path = (strings: TemplateStringsArray, ...values: string[]): string =>
  strings.reduce((result, part, index) => result + part + (index < values.length ? encodeURIComponent(values[index] ?? '') : ''), '');

const challengeCodes = new Set(['CHALLENGE_REQUIRED', 'CHALLENGE_FAILED']);
/** Once the server has asked for proof of work, solve it up front instead of being refused first. */
let serverWantsProofOfWork = false;

/**
 * Sends a request that may need proof of work: without it while the server has not asked, then with a freshly
 * solved challenge (each is accepted once) when the answer is 403 CHALLENGE_REQUIRED / CHALLENGE_FAILED.
 */
const withProofOfWork = async <T>(send: (challenge: string | undefined) => Promise<T>, onSolving?: () => void): Promise<T> => {
  const solved = async () => {
    onSolving?.();
    return solveChallenge(await request<Challenge>('/challenge'));
  };
  if (serverWantsProofOfWork) return send(await solved());
  try {
    return await send(undefined);
  } catch (error) {
    if (!(error instanceof ApiError) || !challengeCodes.has(error.code)) throw error;
    serverWantsProofOfWork = true;
    return send(await solved());
  }
};

export const listConcerts = () => withRetries(() => request<{ concerts: Concert[] }>('/concerts'));
export const listDates = (concertId: string) => withRetries(() => request<{ dates: ConcertDate[] }>(path`/concerts/${concertId}/dates`));
export const roomView = (concertId: string) => request<RoomView>(path`/concerts/${concertId}/queue`);

export const createUser = (name: string, onSolving?: () => void) =>
  withProofOfWork((challenge) => request<{ userId: string; name: string; userKey?: string }>('/users', { method: 'POST', body: { name }, ...(challenge ? { challenge } : {}) }), onSolving);

/** v2 sends the user key and only the concert; a v1 server (no user keys) takes the userId in the body. */
export const joinQueue = (concertId: string, user: { userId: string; userKey?: string | undefined }, onSolving?: () => void) => {
  const idempotencyKey = newIdempotencyKey();
  return withProofOfWork(
    (challenge) =>
      withRetries(() =>
        request<IssuedToken>('/queue/tokens', {
          method: 'POST',
          body: user.userKey ? { concertId } : { userId: user.userId, concertId },
          credential: user.userKey,
          idempotencyKey,
          ...(challenge ? { challenge } : {}),
        }),
      ),
    onSolving,
  );
};

export const findMyQueueToken = (concertId: string, userKey: string) =>
  request<IssuedToken>(`/queue/tokens?concertId=${encodeURIComponent(concertId)}`, { credential: userKey });
export const pollQueue = (token: string) => request<QueueState>('/queue/tokens/me', { credential: token });
export const leaveQueue = (token: string) => request<void>('/queue/tokens/me', { method: 'DELETE', credential: token });

export const seatMap = (concertId: string, date: string, token: string) =>
  withRetries(() => request<SeatMap>(path`/concerts/${concertId}/dates/${date}/seats`, { credential: token }));

/** One seat goes in the v1 form `seatNo`, which v2 also accepts; several in v2's `seatNos`. */
export const holdSeats = (concertId: string, date: string, seatNos: readonly number[], token: string) =>
  request<Reservation>('/reservations', {
    method: 'POST',
    body: seatNos.length === 1 ? { concertId, date, seatNo: seatNos[0] } : { concertId, date, seatNos },
    credential: token,
  });
export const getReservation = (reservationId: string, credential: string) => request<Reservation>(path`/reservations/${reservationId}`, { credential });
export const cancelHold = (reservationId: string, credential: string) =>
  request<void>(path`/reservations/${reservationId}`, { method: 'DELETE', credential });
export const myReservations = (userKey: string, cursor?: string) =>
  withRetries(() => request<{ reservations: Reservation[]; nextCursor: string | null }>(`/reservations${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { credential: userKey }));

export const getBalance = (credential: string) => withRetries(() => request<{ userId: string; balance: number }>('/balance', { credential }));
export const ledger = (userKey: string) => withRetries(() => request<{ entries: LedgerEntry[]; nextCursor: string | null }>('/balance/ledger', { credential: userKey }));

/** Money routes: the caller owns the Idempotency-Key of an attempt, so a retry (automatic or by hand) reuses it. */
export const chargeBalance = (amount: number, credential: string, idempotencyKey: string) =>
  withRetries(() => request<{ userId: string; balance: number; charged: number }>('/balance/charge', { method: 'POST', body: { amount }, credential, idempotencyKey }));
export const pay = (reservationId: string, token: string, idempotencyKey: string) =>
  withRetries(() => request<Payment>('/payments', { method: 'POST', body: { reservationId }, credential: token, idempotencyKey }));
export const refund = (reservationId: string, userKey: string, idempotencyKey: string) =>
  withRetries(() =>
    request<{ reservationId: string; status: 'REFUNDED'; refunded: number; balance: number }>(path`/reservations/${reservationId}/refund`, {
      method: 'POST',
      body: {},
      credential: userKey,
      idempotencyKey,
    }),
  );
