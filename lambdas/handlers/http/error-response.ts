import { DomainError, ErrorCode } from '../../domain/errors';
import type { HttpResponse } from './types';

/*
 * Response shapes only, free of logging and metrics, so the local gateway can answer its own errors without
 * loading the metrics module before the server has set the handlers' environment.
 */

/** The only mapping from error codes to HTTP statuses. */
export const statusByErrorCode: Record<ErrorCode, number> = {
  [ErrorCode.validation]: 400,
  [ErrorCode.invalidAmount]: 400,
  [ErrorCode.invalidToken]: 401,
  [ErrorCode.insufficientBalance]: 402,
  [ErrorCode.tokenNotActive]: 403,
  [ErrorCode.tokenConcertMismatch]: 403,
  [ErrorCode.challengeRequired]: 403,
  [ErrorCode.challengeFailed]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.concertNotFound]: 404,
  [ErrorCode.dateNotFound]: 404,
  [ErrorCode.seatNotFound]: 404,
  [ErrorCode.reservationNotFound]: 404,
  [ErrorCode.tokenNotFound]: 404,
  [ErrorCode.tokenAlreadyIssued]: 409,
  [ErrorCode.seatAlreadyReserved]: 409,
  [ErrorCode.seatLimitExceeded]: 409,
  [ErrorCode.reservationNotCancellable]: 409,
  [ErrorCode.reservationExpired]: 409,
  [ErrorCode.reservationNotPayable]: 409,
  [ErrorCode.reservationNotRefundable]: 409,
  [ErrorCode.balanceLimitExceeded]: 409,
  [ErrorCode.idempotencyKeyReused]: 422,
  [ErrorCode.tooManyRequests]: 429,
  [ErrorCode.serviceUnavailable]: 503,
  [ErrorCode.internal]: 500,
};

export const jsonHeaders = { 'content-type': 'application/json' } as const;

export const errorResponse = (
  statusCode: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): HttpResponse => ({
  statusCode,
  headers: { ...jsonHeaders, ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

/** A method and path that match no route: an HTTP notion, so it lives here rather than in the domain. */
export class RouteNotFoundError extends DomainError {
  public constructor(method: string, path: string) {
    super(ErrorCode.notFound, 'no such route', { method, path });
  }
}
