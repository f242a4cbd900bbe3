import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext, toApiGatewayEvent } from '../../../local/api-gateway-event';
import { createTestTable } from '../../support/dynamodb';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld } from '../../support/payment-fixtures';
import { assertHandlerResponseMatchesContract } from '../../support/invoke';
import { StorageProxy } from '../../support/storage-proxy';

jest.setTimeout(120_000);

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * What a hold costs the store, counted by a proxy in front of DynamoDB Local: the hold handler talks to the proxy,
 * the fixtures to DynamoDB Local directly. A request for a taken seat must be refused after ONE storage call (the
 * token, the seats and the user's counter in one strongly consistent BatchGetItem), single or multi-seat.
 */
describe('a hot seat over HTTP: storage calls per hold', () => {
  let world: PaymentWorld;
  let proxy: StorageProxy;
  let holdHandler: Handler;
  const realEndpoint = process.env.DYNAMODB_ENDPOINT!;

  beforeAll(async () => {
    world = paymentWorld(await createTestTable());
    proxy = new StorageProxy(realEndpoint);
    process.env.DYNAMODB_ENDPOINT = await proxy.start();
    holdHandler = (await import('../../../lambdas/handlers/hold-seat')).handler as Handler;
    process.env.DYNAMODB_ENDPOINT = realEndpoint;
  });

  afterAll(() => proxy.stop());

  const activeFan = async (concertId: string) => {
    const userId = await world.newUser();
    const token = await world.issueToken(userId, concertId);
    expect(token.status).toBe('ACTIVE');
    return token.jwt;
  };

  /** One hold request, with the storage operations it caused. */
  const hold = async (jwt: string, body: Record<string, unknown>) => {
    const event = toApiGatewayEvent({
      method: 'POST',
      routePath: '/reservations',
      rawPath: '/reservations',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const before = proxy.calls.length;
    const response = await holdHandler(event, lambdaContext('hot-seat-test', 10));
    assertHandlerResponseMatchesContract({ method: 'POST', rawPath: '/reservations' }, response);
    return { status: response.statusCode, code: JSON.parse(response.body ?? '{}').error?.code as string | undefined, calls: proxy.calls.slice(before).map((call) => call.operation) };
  };

  it('refuses a taken seat after one BatchGetItem, and places a hold with one read and one transaction', async () => {
    const { concertId, date } = await world.newConcert({ seats: 10 });
    const winner = await hold(await activeFan(concertId), { concertId, date, seatNo: 1 });
    expect(winner).toEqual({ status: 201, code: undefined, calls: ['BatchGetItem', 'TransactWriteItems'] });

    const loser = await hold(await activeFan(concertId), { concertId, date, seatNo: 1 });

    expect(loser).toEqual({ status: 409, code: 'SEAT_ALREADY_RESERVED', calls: ['BatchGetItem'] });
  });

  it('refuses a multi-seat hold with one taken seat after one BatchGetItem, holding none of the others', async () => {
    const { concertId, date } = await world.newConcert({ seats: 10 });
    expect((await hold(await activeFan(concertId), { concertId, date, seatNos: [5] })).status).toBe(201);

    const loser = await hold(await activeFan(concertId), { concertId, date, seatNos: [3, 4, 5, 6] });

    expect(loser).toEqual({ status: 409, code: 'SEAT_ALREADY_RESERVED', calls: ['BatchGetItem'] });
    const again = await hold(await activeFan(concertId), { concertId, date, seatNos: [3, 4, 6] });
    expect(again.status).toBe(201);
  });

  it('refuses a token that is not ACTIVE for this concert in the same single read', async () => {
    const { concertId, date } = await world.newConcert({ seats: 10 });
    const other = await world.newConcert({ seats: 10 });
    const jwt = await activeFan(other.concertId);

    const refused = await hold(jwt, { concertId, date, seatNos: [1, 2] });

    expect(refused).toEqual({ status: 403, code: 'TOKEN_CONCERT_MISMATCH', calls: ['BatchGetItem'] });
  });
});
