import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod/mini';
import { ValidationError } from '../../domain/errors';
import type { HttpResponse, RouteEvent } from './types';
import { describeIssues, ruleMessages } from './validation-messages';

interface RequestSchemas {
  readonly body?: z.ZodMiniType;
  readonly params?: z.ZodMiniType;
  /** Query string parameters, from `rawQueryString` (set by API Gateway and by the local server alike). */
  readonly query?: z.ZodMiniType;
}

/** A check of one part of the request; a failure is a 400 whose message names each field and its rule (validation-messages.ts). */
const checker = (schema: z.ZodMiniType, where: string) => {
  // Built once per route, not per request.
  const parseOptions = { error: ruleMessages(schema) };
  return (value: unknown): unknown => {
    const result = schema.safeParse(value, parseOptions);
    if (!result.success) throw new ValidationError(describeIssues(result.error.issues, where));
    return result.data;
  };
};

/** The query string's parameters; one that appears twice is ambiguous (which one counts?), so it is refused. */
const queryParametersOf = (rawQueryString: string): Record<string, string> => {
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (parameters.has(name)) throw new ValidationError(`query parameter ${name}: may appear only once`);
    parameters.set(name, value);
  }
  return Object.fromEntries(parameters);
};

/** Validates path parameters, query parameters and the parsed body with the route's zod schemas (strict: unknown fields fail). */
export const validateRequest = (schemas: RequestSchemas): MiddlewareObj<RouteEvent, HttpResponse> => {
  const checkParams = schemas.params && checker(schemas.params, 'path parameters');
  const checkQuery = schemas.query && checker(schemas.query, 'query parameters');
  const checkBody = schemas.body && checker(schemas.body, 'body');
  return {
    before: (request) => {
      const { event } = request;
      event.validated = {
        ...(checkParams ? { params: checkParams(event.pathParameters ?? {}) } : {}),
        ...(checkQuery ? { query: checkQuery(queryParametersOf(event.rawQueryString ?? '')) } : {}),
        ...(checkBody ? { body: checkBody(event.validated?.body) } : {}),
      };
    },
  };
};
