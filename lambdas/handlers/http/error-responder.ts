import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode, ServiceUnavailableError } from '../../domain/errors';
import { logger } from '../../observability/logger';
import { recordRequestFailure } from '../../observability/metrics';
import { errorResponse, statusByErrorCode } from './error-response';
import type { HttpResponse, RouteEvent } from './types';
import { currentDeadline } from '../../use-cases/invocation-deadline';

/** What a 503 asks of the client: contention and storage stalls clear within about a second. */
const retryAfterSeconds = 1;

const headersFor = (error: DomainError): Record<string, string> => {
  // Every 401 INVALID_TOKEN, whichever error raised it (the contract ties the header to the code).
  if (error.code === ErrorCode.invalidToken) return { 'www-authenticate': 'Bearer' };
  if (error instanceof ServiceUnavailableError) return { 'retry-after': String(retryAfterSeconds) };
  return {};
};

/**
 * Domain errors become their contract status and body; anything else is logged and becomes a generic 500
 * that names nothing internal.
 */
export const errorResponder = (): MiddlewareObj<RouteEvent, HttpResponse, Error, Context> => ({
  before: (request) => {
    // Every line of this invocation carries API Gateway's request id too (injectLambdaContext adds Lambda's).
    logger.appendKeys({ requestId: request.event.requestContext?.requestId ?? request.context.awsRequestId });
  },
  onError: (request) => {
    const error = request.error;
    const route = request.event.routeKey ?? 'unknown';
    if (currentDeadline().ended) {
      // Answered already (a 503 at the deadline): this is the abandoned work failing on its way out; nobody
      // reads this response, and the failure was counted when the 503 went out.
      request.response = errorResponse(500, ErrorCode.internal, 'internal error');
      return;
    }
    if (error instanceof DomainError) {
      recordRequestFailure(route, error.code);
      const statusCode = statusByErrorCode[error.code];
      if (statusCode >= 500) logger.warn('request failed', { code: error.code, context: error.context, ...(error.cause ? { cause: error.cause } : {}) });
      // An internal error's message is for the log (a malformed stored item names its entity and field): the body names nothing internal.
      const message = error.code === ErrorCode.internal ? 'internal error' : error.message;
      request.response = errorResponse(statusCode, error.code, message, headersFor(error));
      return;
    }
    recordRequestFailure(route, ErrorCode.internal);
    logger.error('unexpected error', { error: error as Error });
    request.response = errorResponse(500, ErrorCode.internal, 'internal error');
  },
});

/**
 * The answer when a request's deadline comes before its work is done: 503 with Retry-After. The work is then
 * stopped by the deadline (nothing starts after this answer).
 */
export const outOfTimeResponse = (event: RouteEvent): HttpResponse => {
  const unavailable = new ServiceUnavailableError('out of time waiting for storage');
  recordRequestFailure(event.routeKey ?? 'unknown', unavailable.code);
  logger.warn('request ran out of time', { code: unavailable.code });
  return errorResponse(statusByErrorCode[unavailable.code], unavailable.code, unavailable.message, headersFor(unavailable));
};
