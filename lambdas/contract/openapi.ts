import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { createDocument } from 'zod-openapi';
import * as z from 'zod/mini';
import type { HttpRouteDefinition } from '../routes';
import { httpRoutes } from '../routes';
import { chargeBody } from './balance-schemas';
import { concertDateParams } from './date-schemas';
import { challengeHeaders, idempotencyHeaders, requiredIdempotencyHeaders } from './header-schemas';
import { historyQuery } from './history-schemas';
import { holdSeatBody } from './hold-schemas';
import * as requests from './schemas';
import * as responses from './responses';
import { createUserBody } from './user-schemas';

/** 'user': a user key or a live queue token of the user; 'userKey': the key only; 'token' / 'active': a queue token. */
type Auth = 'none' | 'token' | 'active' | 'user' | 'userKey';

interface OperationSpec {
  readonly summary: string;
  readonly auth: Auth;
  readonly body?: z.ZodMiniType;
  /** The body may be left out. */
  readonly bodyOptional?: true;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  /** The route honours an `Idempotency-Key` header; money routes require it. */
  readonly idempotent?: 'required' | 'optional';
  /** Needs a solved proof of work in `X-Challenge` when CHALLENGE_MAX_NUMBER > 0. */
  readonly challenge?: boolean;
  readonly success: { readonly status: number; readonly schema?: z.ZodMiniType };
  /** Contract errors specific to this operation (common ones are added from `auth` and inputs). */
  readonly errors: readonly number[];
}

/** One entry per route of lib's route table, keyed `METHOD path`; a test keeps the two in step. */
export const operations: Record<string, OperationSpec> = {
  'GET /health': { summary: 'Health: 200 once the table answers', auth: 'none', success: { status: 200, schema: responses.healthResponse }, errors: [] },
  'POST /users': {
    summary: 'Register a user; the answer carries the user key, once',
    auth: 'none',
    body: createUserBody,
    challenge: true,
    success: { status: 201, schema: responses.userResponse },
    errors: [],
  },
  'GET /challenge': {
    summary: 'A proof-of-work challenge (ALTCHA v1) for POST /users and POST /queue/tokens; expires after 5 minutes',
    auth: 'none',
    success: { status: 200, schema: responses.challengeResponse },
    errors: [],
  },
  'POST /users/me/key': {
    summary: 'Replace the user key: the old one is refused at once, live queue tokens stay live (body: none, or `{}`)',
    auth: 'user',
    body: requests.rotateUserKeyBody,
    bodyOptional: true,
    success: { status: 200, schema: responses.userKeyResponse },
    errors: [],
  },
  'GET /concerts': { summary: 'List concerts', auth: 'none', success: { status: 200, schema: responses.concertsResponse }, errors: [] },
  'GET /concerts/{concertId}/dates': {
    summary: 'Dates still open with at least one seat available, ascending',
    auth: 'none',
    params: requests.concertParams,
    success: { status: 200, schema: responses.datesResponse },
    errors: [404],
  },
  'GET /concerts/{concertId}/dates/{date}/seats': {
    summary: 'Every seat of a date; an expired hold shows AVAILABLE',
    auth: 'active',
    params: concertDateParams,
    success: { status: 200, schema: responses.seatsResponse },
    errors: [404],
  },
  'GET /concerts/{concertId}/queue': {
    summary: 'Waiting-room counters of a concert',
    auth: 'none',
    params: requests.concertParams,
    success: { status: 200, schema: responses.queueStatusResponse },
    errors: [404],
  },
  'POST /queue/tokens': {
    summary: 'Enter the waiting room as the user of the key: a WAITING token, or ACTIVE at once when the room has room and nobody waits',
    auth: 'userKey',
    body: requests.issueTokenBody,
    idempotent: 'optional',
    challenge: true,
    success: { status: 201, schema: responses.issuedTokenResponse },
    errors: [404, 409, 422],
  },
  'GET /queue/tokens': {
    summary: "The user's live token of a concert, freshly signed (same place in line): recovers a lost POST answer",
    auth: 'userKey',
    query: requests.concertQuery,
    success: { status: 200, schema: responses.issuedTokenResponse },
    errors: [404],
  },
  'GET /queue/tokens/me': { summary: 'Poll the token (keeps a WAITING token alive)', auth: 'token', success: { status: 200, schema: responses.tokenStateResponse }, errors: [] },
  'DELETE /queue/tokens/me': { summary: 'Leave the waiting room; frees the slot', auth: 'token', success: { status: 204 }, errors: [] },
  'POST /reservations': {
    summary: 'Hold a seat for HOLD_TTL_SECONDS',
    auth: 'active',
    body: holdSeatBody,
    success: { status: 201, schema: responses.reservationResponse },
    errors: [404, 409],
  },
  'GET /reservations': {
    summary: "The caller's reservations of every status, newest first, 20 per page (`?cursor=` from `nextCursor`)",
    auth: 'user',
    query: historyQuery,
    success: { status: 200, schema: responses.reservationListResponse },
    errors: [],
  },
  'GET /reservations/{reservationId}': {
    summary: "Read one of the caller's reservations",
    auth: 'user',
    params: requests.reservationParams,
    success: { status: 200, schema: responses.reservationResponse },
    errors: [404],
  },
  'DELETE /reservations/{reservationId}': {
    summary: 'Cancel a HELD reservation; the seat is available again',
    auth: 'user',
    params: requests.reservationParams,
    success: { status: 204 },
    errors: [404, 409],
  },
  'POST /reservations/{reservationId}/refund': {
    summary: 'Refund a CONFIRMED reservation in full until REFUND_CUTOFF_HOURS before its date: balance credited, seats back on sale (Idempotency-Key required)',
    auth: 'user',
    params: requests.reservationParams,
    body: requests.refundBody,
    idempotent: 'required',
    success: { status: 200, schema: responses.refundResponse },
    errors: [404, 409, 422],
  },
  'GET /balance': { summary: "The caller's balance", auth: 'user', success: { status: 200, schema: responses.balanceResponse }, errors: [] },
  'GET /balance/ledger': {
    summary: "The caller's balance changes, newest first, 20 per page (`?cursor=` from `nextCursor`)",
    auth: 'user',
    query: historyQuery,
    success: { status: 200, schema: responses.ledgerResponse },
    errors: [],
  },
  'POST /balance/charge': {
    summary: 'Charge the balance (integer won 1..1000000)',
    auth: 'user',
    body: chargeBody,
    idempotent: 'required',
    success: { status: 200, schema: responses.chargeResponse },
    errors: [409, 422],
  },
  'POST /payments': {
    summary: 'Pay a HELD reservation: debit, seat SOLD, reservation CONFIRMED, token expired — all or nothing',
    auth: 'active',
    body: requests.payBody,
    idempotent: 'required',
    success: { status: 201, schema: responses.paymentResponse },
    errors: [402, 404, 409, 422],
  },
};

const errorContent = { content: { 'application/json': { schema: responses.errorResponse } } };
const statusText: Record<number, string> = {
  400: 'VALIDATION_ERROR (or INVALID_AMOUNT)',
  401: 'INVALID_TOKEN',
  402: 'INSUFFICIENT_BALANCE',
  403: 'TOKEN_NOT_ACTIVE or TOKEN_CONCERT_MISMATCH; CHALLENGE_REQUIRED or CHALLENGE_FAILED (proof of work)',
  404: 'Not found (code names what)',
  409: 'Conflict (code names which)',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const idempotencyHeadersOf = (spec: OperationSpec) =>
  spec.idempotent === 'required' ? requiredIdempotencyHeaders : idempotencyHeaders;

const headersOf = (spec: OperationSpec) =>
  spec.idempotent && spec.challenge
    ? z.extend(idempotencyHeadersOf(spec), challengeHeaders.shape)
    : spec.challenge
      ? challengeHeaders
      : idempotencyHeadersOf(spec);

const toOperation = (route: HttpRouteDefinition, spec: OperationSpec) => {
  // 400 on every route: one that reads no input still refuses a body (noBody in handlers/http/json-body.ts).
  const errorStatuses = new Set<number>([...spec.errors, 400, 429, 500, 503]);
  if (spec.auth !== 'none') errorStatuses.add(401);
  if (spec.auth === 'active' || spec.challenge) errorStatuses.add(403);
  return {
    operationId: route.handler,
    summary: spec.summary,
    ...(spec.auth === 'none' ? { security: [] } : {}),
    ...(spec.auth === 'user' ? { security: [{ userKey: [] }, { queueToken: [] }] } : {}),
    ...(spec.auth === 'userKey' ? { security: [{ userKey: [] }] } : {}),
    ...(spec.params || spec.query || spec.idempotent || spec.challenge
      ? {
          requestParams: {
            ...(spec.params ? { path: spec.params } : {}),
            ...(spec.query ? { query: spec.query } : {}),
            ...(spec.idempotent || spec.challenge ? { header: headersOf(spec) } : {}),
          },
        }
      : {}),
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses: {
      [spec.success.status]: {
        description: 'Success',
        ...(spec.success.schema ? { content: { 'application/json': { schema: spec.success.schema } } } : {}),
      },
      ...Object.fromEntries([...errorStatuses].sort().map((status) => [status, { description: statusText[status] ?? 'Error', ...errorContent }])),
    },
  };
};

export const buildOpenApiDocument = () => {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of httpRoutes) {
    const spec = operations[`${route.method} ${route.path}`];
    if (!spec) throw new Error(`no OpenAPI operation for ${route.method} ${route.path}`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: toOperation(route, spec) as ZodOpenApiOperationObject };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Concert reservation API',
      version: '1.0.0',
      description: 'Waiting room, five-minute seat holds and prepaid payments. Contract: docs/api.md.',
    },
    components: {
      securitySchemes: {
        queueToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a queue token from POST /queue/tokens' },
        userKey: { type: 'http', scheme: 'bearer', description: 'the user key (uk_...) returned once by POST /users' },
      },
    },
    security: [{ queueToken: [] }],
    paths,
  });
};
