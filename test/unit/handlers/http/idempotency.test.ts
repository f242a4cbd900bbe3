import type { MiddlewareObj } from '@middy/core';
import { payBody } from '../../../../lambdas/contract/schemas';
import { InvalidTokenError } from '../../../../lambdas/domain/errors';
import type { IdempotencyRecord } from '../../../../lambdas/domain/idempotency';
import { hashKeyedRequest, idempotentOperations } from '../../../../lambdas/domain/idempotency';
import { httpRoute } from '../../../../lambdas/handlers/http/http-route';
import { replayIdempotentRequest } from '../../../../lambdas/handlers/http/idempotency';
import type { HttpResponse, RouteEvent } from '../../../../lambdas/handlers/http/types';
import { invokeOutsideContract as invoke } from '../../../support/invoke';

const recorded: IdempotencyRecord = {
  requestHash: hashKeyedRequest(idempotentOperations.payment, { reservationId: 'r-1' }),
  statusCode: 201,
  response: { paymentId: 'p-1', reservationId: 'r-1', amount: 50_000, balance: 0, status: 'CONFIRMED' },
};

/** A route like POST /payments: claims → replay → liveness check → handler, with every step observable. */
const route = (options: { records: (IdempotencyRecord | undefined)[]; tokenLive: boolean }) => {
  const calls = { lookups: [] as string[], liveness: 0, handler: 0 };
  const records = [...options.records];
  const claims: MiddlewareObj<RouteEvent, HttpResponse> = {
    before: (request) => {
      request.event.claims = { userId: 'u-1', tokenId: 't-1', concertId: 'c-1' };
    },
  };
  const liveness: MiddlewareObj<RouteEvent, HttpResponse> = {
    before: () => {
      calls.liveness += 1;
      if (!options.tokenLive) throw new InvalidTokenError('tokenExpired');
    },
  };
  const replay = replayIdempotentRequest({
    idempotencyRecords: {
      findRecord: async (userId, key) => {
        calls.lookups.push(`${userId}/${key}`);
        return records.length > 1 ? records.shift() : records[0];
      },
    },
    operation: idempotentOperations.payment,
  });
  const handler = httpRoute({ body: payBody, middlewares: [claims, replay, liveness] }, async () => {
    calls.handler += 1;
    return { statusCode: 201, body: { fresh: true } };
  });
  const send = (body: unknown, key?: string) =>
    invoke(handler, { method: 'POST', rawPath: '/payments', body, headers: key === undefined ? {} : { 'Idempotency-Key': key } });
  return { send, calls };
};

describe('replayIdempotentRequest', () => {
  it('looks nothing up without an Idempotency-Key (the route refuses the missing key after the credential checks)', async () => {
    const { send, calls } = route({ records: [recorded], tokenLive: true });
    await send({ reservationId: 'r-1' });
    expect(calls.lookups).toHaveLength(0);
  });

  it('lets a new key through to the token check and the handler', async () => {
    const { send, calls } = route({ records: [undefined], tokenLive: true });
    expect((await send({ reservationId: 'r-1' }, 'k-1')).statusCode).toBe(201);
    expect(calls).toEqual({ lookups: ['u-1/k-1'], liveness: 1, handler: 1 });
  });

  it('answers a retry with the recorded status and body before the token is checked', async () => {
    const { send, calls } = route({ records: [recorded], tokenLive: false });
    const response = await send({ reservationId: 'r-1' }, 'k-1');
    expect(response.statusCode).toBe(201);
    expect(response.body).toEqual(recorded.response);
    expect(calls.liveness).toBe(0);
    expect(calls.handler).toBe(0);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const { send, calls } = route({ records: [recorded], tokenLive: true });
    const response = await send({ reservationId: 'r-2' }, 'k-1');
    expect(response.statusCode).toBe(422);
    expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(calls.handler).toBe(0);
  });

  it.each(['', 'a b', 'é', 'x'.repeat(65)])('refuses the malformed key %j with 400 VALIDATION_ERROR', async (key) => {
    const { send, calls } = route({ records: [recorded], tokenLive: true });
    const response = await send({ reservationId: 'r-1' }, key);
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(calls.lookups).toHaveLength(0);
  });

  it('answers from the record a retry whose token the first request ended while the retry was on its way', async () => {
    const { send, calls } = route({ records: [undefined, recorded], tokenLive: false });
    const response = await send({ reservationId: 'r-1' }, 'k-1');
    expect(response.statusCode).toBe(201);
    expect(response.body).toEqual(recorded.response);
    expect(calls.lookups).toHaveLength(2);
  });

  it('keeps the token’s 401 when there is still no record', async () => {
    const { send } = route({ records: [undefined], tokenLive: false });
    const response = await send({ reservationId: 'r-1' }, 'k-1');
    expect(response.statusCode).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });
});
