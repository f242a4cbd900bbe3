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

/** A failed check is a 400 whose message names each field and its rule (validation-messages.ts). */
const check = (schema: z.ZodMiniType, value: unknown, where: string): unknown => {
  const result = schema.safeParse(value, { error: ruleMessages(schema) });
  if (!result.success) throw new ValidationError(describeIssues(result.error.issues, where));
  return result.data;
};

/** Validates path parameters, query parameters and the parsed body with the route's zod schemas (strict: unknown fields fail). */
export const validateRequest = (schemas: RequestSchemas): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: (request) => {
    const { event } = request;
    event.validated = {
      ...(schemas.params ? { params: check(schemas.params, event.pathParameters ?? {}, 'path parameters') } : {}),
      ...(schemas.query ? { query: check(schemas.query, Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')), 'query parameters') } : {}),
      ...(schemas.body ? { body: check(schemas.body, event.validated?.body, 'body') } : {}),
    };
  },
});
