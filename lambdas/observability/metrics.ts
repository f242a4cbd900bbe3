import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';

const emptyPublishWarning = 'No application metrics to publish';

/**
 * Business metrics in CloudWatch Embedded Metric Format: written to stdout, no API calls, no extra latency.
 * Flushed by Powertools' logMetrics middleware after each invocation. Most invocations record nothing, and
 * Powertools warns on every empty flush: that one warning is dropped, the others go to the service's logger.
 */
export const metrics = new Metrics({
  namespace: 'ConcertReservation',
  serviceName: 'concert-reservation',
  // Powertools Metrics writes its warnings as one message string each.
  logger: {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) => {
      if (!message.startsWith(emptyPublishWarning)) logger.warn(message);
    },
    error: (message: string) => logger.error(message),
  },
});

export const BusinessMetric = {
  tokensIssued: 'TokensIssued',
  tokensAdmitted: 'TokensAdmitted',
  tokensExpired: 'TokensExpired',
  holdsPlaced: 'HoldsPlaced',
  holdsExpired: 'HoldsExpired',
  paymentsConfirmed: 'PaymentsConfirmed',
  refundsConfirmed: 'RefundsConfirmed',
  balanceCharged: 'BalanceCharged',
} as const;
export type BusinessMetric = (typeof BusinessMetric)[keyof typeof BusinessMetric];

export const recordCount = (name: BusinessMetric, count = 1): void => {
  if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
};

/**
 * One emitter per route and error code, made on first use: a Powertools single metric costs a new Metrics and its
 * own Console, which was a tenth of a refused hold's CPU. Routes and codes are few, so the map stays small.
 */
const failureEmitters = new Map<string, Metrics>();

const failureEmitter = (route: string, code: string): Metrics => {
  const key = `${route} ${code}`;
  let emitter = failureEmitters.get(key);
  if (!emitter) {
    emitter = metrics.singleMetric();
    // Default dimensions survive each publish; per-metric dimensions would be cleared by it.
    emitter.setDefaultDimensions({ route, code });
    failureEmitters.set(key, emitter);
  }
  return emitter;
};

/** One metric per failed request with its route and error code as dimensions, e.g. payment failures by reason. */
export const recordRequestFailure = (route: string, code: string): void => {
  failureEmitter(route, code).addMetric('RequestFailed', MetricUnit.Count, 1);
};
