import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; the HTTP error responder adds the request id to every line it writes. */
export const logger = new Logger({ serviceName: 'concert-reservation' });
