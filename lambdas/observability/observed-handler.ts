import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { metrics } from './metrics';

/**
 * The start of every function's middy chain, HTTP routes and background functions alike: Powertools' own
 * middlewares label each log line with the invocation's Lambda context (function name, request id) and reset the
 * keys it appended when it ends, and flush the metrics it recorded, whether it succeeded or failed. middy's own
 * time-out is off: HTTP routes answer at their deadline themselves (http-route.ts), and a background function's
 * work is bounded by its storage calls' time-outs.
 */
export const observedHandler = <TEvent, TResult>() =>
  middy<TEvent, TResult, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
