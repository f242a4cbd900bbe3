import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod/mini';
import { ValidationError } from '../../domain/errors';
import type { HttpResponse, RouteEvent } from './types';

interface RequestSchemas {
  readonly body?: z.ZodMiniType;
  readonly params?: z.ZodMiniType;
}

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');

const check = (schema: z.ZodMiniType, value: unknown, where: string): unknown => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`invalid ${where}: ${describeIssues(result.error.issues)}`);
  return result.data;
};

/** Validates path parameters and the parsed body with the route's zod schemas (strict: unknown fields fail). */
export const validateRequest = (schemas: RequestSchemas): MiddlewareObj<RouteEvent, HttpResponse> => ({
  before: (request) => {
    const { event } = request;
    event.validated = {
      ...(schemas.params ? { params: check(schemas.params, event.pathParameters ?? {}, 'path parameter') } : {}),
      ...(schemas.body ? { body: check(schemas.body, event.validated?.body, 'body') } : {}),
    };
  },
});
