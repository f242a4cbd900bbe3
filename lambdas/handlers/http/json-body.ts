import type { MiddlewareObj } from '@middy/core';
import { ValidationError } from '../../domain/errors';
import type { HttpResponse, RouteEvent } from './types';

/** Parses the JSON body into `event.validated.body`; malformed or non-object JSON is a 400. */
export const jsonBody = (): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: (request) => {
    const { event } = request;
    const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (raw === undefined || raw === null || raw.trim() === '') throw new ValidationError('a JSON body is required');
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ValidationError('the body is not valid JSON');
    }
    event.validated = { ...event.validated, body: parsed };
  },
});
