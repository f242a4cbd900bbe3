import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode, InvalidTokenError, ServiceUnavailableError } from '../../domain/errors';
import { logger } from '../../observability/logger';
import { recordRequestFailure } from '../../observability/metrics';
import { errorResponse, statusByErrorCode } from './error-response';
import type { HttpResponse, RouteEvent } from './types';

/** What a 503 asks of the client: contention and storage stalls clear within about a second. */
const retryAfterSeconds = 1;

const headersFor = (error: DomainError): Record<string, string> => {
  if (error instanceof InvalidTokenError) return { 'www-authenticate': 'Bearer' };
  if (error instanceof ServiceUnavailableError) return { 'retry-after': String(retryAfterSeconds) };
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
      if (statusCode >= 500) logger.warn('request failed', { code: error.code, context: error.context, ...(error.cause ? { cause: error.cause } : {}) });
      request.response = errorResponse(statusCode, error.code, error.message, headersFor(error));
      return;
    }
    if (error?.name === 'TimeoutError') {
      // middy's: the function is about to hit its own timeout, so storage did not answer in time (the SDK's own
      // timeouts became ServiceUnavailableError in the client). Answer 503 before Lambda cuts the request off.
      const unavailable = new ServiceUnavailableError('out of time waiting for storage', { cause: error });
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
