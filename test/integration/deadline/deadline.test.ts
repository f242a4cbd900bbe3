import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext, toApiGatewayEvent } from '../../../local/api-gateway-event';
import { createTestTable } from '../../support/dynamodb';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld, sum } from '../../support/payment-fixtures';
import { assertHandlerResponseMatchesContract } from '../../support/invoke';
import { isWrite, StorageProxy } from '../../support/storage-proxy';
import { sleep } from '../../support/time';

jest.setTimeout(120_000);

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The deadline rule against a store made slow or stalled by a proxy in front of DynamoDB Local: the handlers talk
 * to the proxy, the fixtures and assertions to DynamoDB Local directly.
 */
describe('deadline rule with a slow or stalled store', () => {
  let world: PaymentWorld;
  let proxy: StorageProxy;
  let handlers: { getBalance: Handler; charge: Handler };
  let concertId: string;
  const realEndpoint = process.env.DYNAMODB_ENDPOINT!;

  beforeAll(async () => {
    world = paymentWorld(await createTestTable());
    proxy = new StorageProxy(realEndpoint);
    process.env.DYNAMODB_ENDPOINT = await proxy.start();
    handlers = {
      getBalance: (await import('../../../lambdas/handlers/get-balance')).handler as Handler,
      charge: (await import('../../../lambdas/handlers/charge-balance')).handler as Handler,
    };
    process.env.DYNAMODB_ENDPOINT = realEndpoint;
    ({ concertId } = await world.newConcert());
  });

  afterEach(() => {
    proxy.resume();
    proxy.delayMs = 0;
  });

  afterAll(() => proxy.stop());

  const fan = async () => {
    const userId = await world.newUser();
    return { userId, jwt: (await world.issueToken(userId, concertId)).jwt };
  };

  /** Calls a handler as the local gateway does, with `timeoutSeconds` for the function. */
  const call = async (handler: Handler, request: { method: string; rawPath: string; jwt: string; body?: unknown; key?: string }, timeoutSeconds: number) => {
    const event = toApiGatewayEvent({
      method: request.method,
      routePath: request.rawPath,
      rawPath: request.rawPath,
      headers: {
        authorization: `Bearer ${request.jwt}`,
        ...(request.key ? { 'idempotency-key': request.key } : {}),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const startedMs = Date.now();
    const response = await handler(event, lambdaContext('deadline-test', timeoutSeconds));
    const answeredAtMs = Date.now();
    // After the answer's time is taken: validating takes time of its own.
    assertHandlerResponseMatchesContract(request, response);
    return { response, answeredAtMs, tookMs: answeredAtMs - startedMs };
  };

  it('answers 503 with Retry-After before its time-out when the store stalls during authentication', async () => {
    const { jwt } = await fan();
    proxy.stall();
    const { response, tookMs } = await call(handlers.getBalance, { method: 'GET', rawPath: '/balance', jwt }, 2);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body!).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(tookMs).toBeLessThan(2_000);
  });

  it('sends no write to the store after a stalled charge was answered, and applies none it could not finish', async () => {
    const { userId, jwt } = await fan();
    proxy.stall();
    const { response, answeredAtMs } = await call(
      handlers.charge,
      { method: 'POST', rawPath: '/balance/charge', jwt, body: { amount: 10 }, key: 'stalled-charge' },
      2,
    );
    expect(response.statusCode).toBe(503);
    proxy.resume();
    await sleep(1_000);
    expect(proxy.calls.filter((proxied) => isWrite(proxied) && proxied.sentAtMs > answeredAtMs)).toEqual([]);
    expect(await world.balanceOf(userId)).toBe(0);
  });

  it('on a slow store, sends no write after the answer, and a 503 is resolved by the same key into one charge', async () => {
    proxy.delayMs = 250;
    const outcomes: string[] = [];
    for (const timeoutSeconds of [0.8, 1.1, 1.4, 1.7, 2, 3]) {
      const { userId, jwt } = await fan();
      const before = proxy.calls.length;
      const { response, answeredAtMs } = await call(
        handlers.charge,
        { method: 'POST', rawPath: '/balance/charge', jwt, body: { amount: 10 }, key: `slow-${String(timeoutSeconds).replace('.', '_')}` },
        timeoutSeconds,
      );
      await sleep(600);
      const ledger = await world.ledgerOf(userId);
      const balance = await world.balanceOf(userId);
      expect(sum(ledger.map((entry) => entry.amount as number))).toBe(balance);
      expect(proxy.calls.slice(before).filter((proxied) => isWrite(proxied) && proxied.sentAtMs > answeredAtMs)).toEqual([]);
      if (response.statusCode === 200) expect(balance).toBe(10);
      else {
        // A charge written just before its deadline may complete behind the 503: the same key resolves it, once.
        expect(response.statusCode).toBe(503);
        const retried = await call(
          handlers.charge,
          { method: 'POST', rawPath: '/balance/charge', jwt, body: { amount: 10 }, key: `slow-${String(timeoutSeconds).replace('.', '_')}` },
          10,
        );
        expect(retried.response.statusCode).toBe(200);
        expect(JSON.parse(retried.response.body!).balance).toBe(10);
        expect(await world.balanceOf(userId)).toBe(10);
        expect(await world.ledgerOf(userId)).toHaveLength(1);
      }
      outcomes.push(`${timeoutSeconds}s:${response.statusCode}`);
    }
    // The shortest deadline cannot fit the reads and the write; the longest always does.
    expect(outcomes[0]).toBe('0.8s:503');
    expect(outcomes.at(-1)).toBe('3s:200');
  });
});
