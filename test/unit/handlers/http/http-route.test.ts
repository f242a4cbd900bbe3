import { z } from 'zod/mini';
import { ConcertNotFoundError, InvalidTokenError, ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import { MalformedItemError } from '../../../../lambdas/adapters/dynamodb/entities/item';
import { httpRoute, httpRouteWithoutInput } from '../../../../lambdas/handlers/http/http-route';
import { currentDeadline } from '../../../../lambdas/use-cases/invocation-deadline';
import { invokeOutsideContract as invoke } from '../../../support/invoke';

type RawHandler = (event: object, context: object) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
const withRemaining = (route: unknown, remainingMs: number) =>
  (route as RawHandler)({ headers: {}, requestContext: { requestId: 'r1' }, rawPath: '/x' }, { awsRequestId: 'r1', getRemainingTimeInMillis: () => remainingMs });

const echo = httpRoute(
  { body: z.strictObject({ name: z.string().check(z.maxLength(5)) }), params: z.strictObject({ id: z.string() }) },
  async ({ body, params }) => ({ statusCode: 200, body: { body, params } }),
);

const failing = (error: unknown) =>
  httpRoute({}, async () => {
    throw error;
  });

describe('httpRoute', () => {
  it('passes the validated body and path parameters to the route', async () => {
    const response = await invoke(echo, { method: 'POST', body: { name: 'ann' }, pathParameters: { id: 'x1' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ body: { name: 'ann' }, params: { id: 'x1' } });
    expect(response.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['malformed JSON', '{"name":'],
    ['an empty body', ''],
    ['an unknown field', { name: 'ann', admin: true }],
    ['a field over its limit', { name: 'annabelle' }],
    ['a missing field', {}],
    ['a body over 8 KB', { name: 'x'.repeat(9000) }],
  ])('rejects %s with 400 VALIDATION_ERROR', async (_, body) => {
    const response = await invoke(echo, { method: 'POST', body, pathParameters: { id: 'x1' } });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(typeof response.body.error.message).toBe('string');
  });

  it('refuses a body on a route that takes none, before the route runs, and accepts an empty one', async () => {
    let ran = 0;
    const deleting = httpRoute({ params: z.strictObject({ id: z.string() }) }, async () => (ran++, { statusCode: 204 }));
    for (const body of ['not json{', { x: 1 }]) {
      const response = await invoke(deleting, { method: 'DELETE', body, pathParameters: { id: 'x1' } });
      expect(response.statusCode).toBe(400);
      expect(response.body.error).toEqual({ code: 'VALIDATION_ERROR', message: 'this route takes no body: send the request without one' });
    }
    expect(ran).toBe(0);
    expect((await invoke(deleting, { method: 'DELETE', body: '  ', pathParameters: { id: 'x1' } })).statusCode).toBe(204);
  });

  it('refuses a query parameter sent twice, naming it, rather than picking one', async () => {
    const listing = httpRoute({ query: z.object({ cursor: z.optional(z.string()) }) }, async ({ query }) => ({ statusCode: 200, body: query }));
    const twice = await invoke(listing, { method: 'GET', rawQueryString: 'cursor=a&cursor=b' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body.error.message).toBe('query parameter cursor: may appear only once');
    expect((await invoke(listing, { method: 'GET', rawQueryString: 'cursor=a&other=1' })).body).toEqual({ cursor: 'a' });
  });

  it('decodes a base64-encoded body', async () => {
    const handler = echo as unknown as (event: object, context: object) => Promise<{ statusCode: number; body: string }>;
    const response = await handler(
      {
        headers: {},
        requestContext: { requestId: 'r1' },
        isBase64Encoded: true,
        body: Buffer.from('{"name":"bo"}').toString('base64'),
        pathParameters: { id: 'x' },
      },
      { awsRequestId: 'r1' },
    );
    expect(JSON.parse(response.body).body).toEqual({ name: 'bo' });
  });

  it("hands the route the caller its authentication established, after the authentication's middlewares ran", async () => {
    const order: string[] = [];
    const authenticated = httpRoute(
      {
        auth: {
          middlewares: [
            {
              before: async (request) => {
                order.push('auth');
                request.event.claims = { userId: 'u-1', tokenId: 't-1', concertId: 'c-1' };
              },
            },
          ],
          callerOf: (event) => ({ userId: event.claims?.userId ?? 'nobody' }),
        },
        middlewares: [
          {
            before: async () => {
              order.push('route middleware');
            },
          },
        ],
      },
      // `caller` is typed { userId: string }, never undefined: no `caller!` in a route.
      async ({ caller }) => ({ statusCode: 200, body: { userId: caller.userId } }),
    );
    const response = await invoke(authenticated, { method: 'GET' });
    expect(response.body).toEqual({ userId: 'u-1' });
    expect(order).toEqual(['auth', 'route middleware']);
  });

  it('does not run the route when its authentication refuses the caller', async () => {
    const run = jest.fn();
    const refusing = httpRoute(
      {
        auth: {
          middlewares: [{ before: async () => Promise.reject(new InvalidTokenError('missing')) }],
          callerOf: () => ({ userId: 'never' }),
        },
      },
      run,
    );
    expect((await invoke(refusing, { method: 'GET' })).statusCode).toBe(401);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('httpRouteWithoutInput', () => {
  const authenticated = httpRouteWithoutInput(
    {
      auth: {
        middlewares: [
          {
            before: async (request) => {
              if (!request.event.headers?.authorization) throw new InvalidTokenError('missing');
              request.event.claims = { userId: 'u-1', tokenId: 't-1', concertId: 'c-1' };
            },
          },
        ],
        callerOf: (event) => ({ userId: event.claims?.userId ?? 'nobody' }),
      },
    },
    async ({ caller }) => ({ statusCode: 200, body: { userId: caller.userId } }),
  );

  it('hands the route the caller its authentication established and answers JSON', async () => {
    const response = await invoke(authenticated, { method: 'GET', headers: { authorization: 'Bearer x' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ userId: 'u-1' });
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('answers a refused caller with its contract error, as httpRoute does', async () => {
    const response = await invoke(authenticated, { method: 'GET' });
    expect(response.statusCode).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });

  it('refuses a body it would not read, before authenticating, as httpRoute without a body schema does', async () => {
    const response = await invoke(authenticated, { method: 'DELETE', body: '{"not json' });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('errorResponder', () => {
  it('maps a domain error to its contract status and body', async () => {
    const response = await invoke(failing(new ConcertNotFoundError('c1')), {});
    expect(response.statusCode).toBe(404);
    expect(response.body).toEqual({ error: { code: 'CONCERT_NOT_FOUND', message: 'no concert with this id' } });
  });

  it('adds WWW-Authenticate to 401 responses', async () => {
    const response = await invoke(failing(new InvalidTokenError('invalidToken')), {});
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('adds Retry-After to 503 responses', async () => {
    const response = await invoke(failing(new ServiceUnavailableError('throttled')), {});
    expect(response.statusCode).toBe(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('answers 503 with Retry-After when the function runs out of time waiting for storage', async () => {
    const hanging = httpRoute({}, () => new Promise<never>(() => undefined));
    const handler = hanging as unknown as (event: object, context: object) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
    const response = await handler(
      { headers: {}, requestContext: { requestId: 'r1' }, rawPath: '/x' },
      { awsRequestId: 'r1', getRemainingTimeInMillis: () => 60 },
    );
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('answers 503 within the deadline when a middleware before the handler (authentication reading storage) hangs', async () => {
    const stalledAuthentication = httpRoute({ middlewares: [{ before: () => new Promise<never>(() => undefined) }] }, async () => ({ statusCode: 200 }));
    const started = Date.now();
    const response = await withRemaining(stalledAuthentication, 400);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    // The deadline is 400 ms away; a busy machine delays timers, so the bound is loose: without the deadline
    // covering middlewares, the stalled authentication would never be answered at all.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ends the deadline of the work it answered for, so that the work starts nothing afterwards', async () => {
    let endedAfterAnswer: boolean | undefined;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const slow = httpRoute({}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      endedAfterAnswer = currentDeadline().ended;
      finished();
      return { statusCode: 200 };
    });
    expect((await withRemaining(slow, 200)).statusCode).toBe(503);
    await done;
    expect(endedAfterAnswer).toBe(true);
  });

  it('turns an unknown error into a generic 500 that names nothing internal', async () => {
    const secret = Object.assign(new Error('ResourceNotFoundException: table prod-secret-table'), { name: 'ResourceNotFoundException' });
    const response = await invoke(failing(secret), {});
    expect(response.statusCode).toBe(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
    expect(JSON.stringify(response.body)).not.toMatch(/ResourceNotFound|prod-secret-table|at /);
  });

  it('answers a malformed stored item with a generic 500 that names neither the entity nor the field', async () => {
    const response = await invoke(failing(new MalformedItemError('Seat', 'status', 'expected one of AVAILABLE, HELD, SOLD')), {});
    expect(response.statusCode).toBe(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
  });
});
