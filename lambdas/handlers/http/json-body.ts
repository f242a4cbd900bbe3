import type { MiddlewareObj } from '@middy/core';
import { ValidationError } from '../../domain/errors';
import type { HttpResponse, RouteEvent } from './types';

/** Every request body of the contract is a few dozen bytes; anything far larger is refused before parsing. */
const maxBodyBytes = 8 * 1024;

/**
 * Parses the JSON body into `event.validated.body`; an oversized or malformed body is a 400, and so is a missing
 * one unless `optional` (a route whose body may be left out, which then reads as `{}`).
 */
export const jsonBody = ({ optional = false } = {}): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: (request) => {
    const { event } = request;
    const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (raw === undefined || raw === null || raw.trim() === '') {
      if (!optional) throw new ValidationError('a JSON body is required');
      event.validated = { ...event.validated, body: {} };
      return;
    }
    if (Buffer.byteLength(raw) > maxBodyBytes) throw new ValidationError(`the body may not exceed ${maxBodyBytes} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new ValidationError('the body is not valid JSON', {}, { cause: error });
    }
    event.validated = { ...event.validated, body: parsed };
  },
});

/**
 * A route that reads no body refuses one instead of acting as if it had not been sent: a client that sends a
 * body there has misread the contract (a DELETE with conditions, say), and should hear so before anything changes.
 */
export const noBody = (): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: ({ event }) => {
    if (typeof event.body === 'string' && event.body.trim() !== '') throw new ValidationError('this route takes no body: send the request without one');
  },
});
