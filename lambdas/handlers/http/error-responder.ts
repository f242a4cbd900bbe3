import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode, InvalidTokenError, ServiceUnavailableError } from '../../domain/errors';
import type { HttpResponse, RouteEvent } from './types';
import { logger } from '../../observability/logger';
import { recordRequestFailure } from '../../observability/metrics';

/** The only mapping from error codes to HTTP statuses. */
export const statusByErrorCode: Record<ErrorCode, number> = {
  [ErrorCode.validation]: 400,
  [ErrorCode.invalidAmount]: 400,
  [ErrorCode.invalidToken]: 401,
  [ErrorCode.insufficientBalance]: 402,
  [ErrorCode.tokenNotActive]: 403,
  [ErrorCode.tokenConcertMismatch]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.userNotFound]: 404,
  [ErrorCode.concertNotFound]: 404,
  [ErrorCode.dateNotFound]: 404,
  [ErrorCode.seatNotFound]: 404,
  [ErrorCode.reservationNotFound]: 404,
  [ErrorCode.tokenAlreadyIssued]: 409,
  [ErrorCode.seatAlreadyReserved]: 409,
  [ErrorCode.seatLimitExceeded]: 409,
  [ErrorCode.reservationNotCancellable]: 409,
  [ErrorCode.reservationExpired]: 409,
  [ErrorCode.reservationNotPayable]: 409,
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

const headersFor = (error: DomainError): Record<string, string> => {
  if (error instanceof InvalidTokenError) return { 'www-authenticate': 'Bearer' };
  if (error instanceof ServiceUnavailableError) return { 'retry-after': String(error.retryAfterSeconds) };
  return {};
};

/**
 * Domain errors become their contract status and body; anything else is logged and becomes a generic 500
 * that names nothing internal.
 */
export const errorResponder = (): MiddlewareObj<RouteEvent, HttpResponse, Error, Context> => ({
  before: (request) => {
    // Every line of this invocation carries the Lambda request id (function_request_id) and API Gateway's.
    logger.addContext(request.context);
    logger.appendKeys({ requestId: request.event.requestContext?.requestId ?? request.context.awsRequestId });
  },
  onError: (request) => {
    const error = request.error;
    const route = request.event.routeKey ?? 'unknown';
    if (error instanceof DomainError) {
      recordRequestFailure(route, error.code);
      const statusCode = statusByErrorCode[error.code];
      if (statusCode >= 500) logger.warn('request failed', { code: error.code, context: error.context });
      request.response = errorResponse(statusCode, error.code, error.message, headersFor(error));
      return;
    }
    if (error?.name === 'TimeoutError') {
      // middy's: the function is about to hit its own timeout, so storage did not answer in time (the SDK's own
      // timeouts became ServiceUnavailableError in the client). Answer 503 before Lambda cuts the request off.
      const unavailable = new ServiceUnavailableError('out of time waiting for storage');
      recordRequestFailure(route, unavailable.code);
      logger.warn('request ran out of time', { error });
      request.response = errorResponse(statusByErrorCode[unavailable.code], unavailable.code, unavailable.message, headersFor(unavailable));
      return;
    }
    recordRequestFailure(route, ErrorCode.internal);
    logger.error('unexpected error', { error: error as Error });
    request.response = errorResponse(500, ErrorCode.internal, 'internal error');
  },
});
