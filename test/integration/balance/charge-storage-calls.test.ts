import { userProfileKey } from '../../../lambdas/adapters/dynamodb/entities/user';
import { createTestTable } from '../../support/dynamodb';
import type { HttpHandler } from '../../support/invoke';
import { invoke } from '../../support/invoke';
import type { PaymentWorld } from '../../support/payment-fixtures';
import { paymentWorld, sum } from '../../support/payment-fixtures';
import { StorageProxy } from '../../support/storage-proxy';

jest.setTimeout(120_000);

/**
 * What a charge costs the store, counted by a proxy in front of DynamoDB Local: the charge handler talks to the
 * proxy, the fixtures to DynamoDB Local directly. Each call is CPU in the function and a turn on the user's item,
 * so under contention the count is the throughput (docs/data-model.md, "One balance-write path").
 */
describe('a charge over HTTP: storage calls per charge', () => {
  let world: PaymentWorld;
  let proxy: StorageProxy;
  let chargeHandler: HttpHandler;
  const realEndpoint = process.env.DYNAMODB_ENDPOINT!;

  beforeAll(async () => {
    world = paymentWorld(await createTestTable());
    proxy = new StorageProxy(realEndpoint);
    process.env.DYNAMODB_ENDPOINT = await proxy.start();
    chargeHandler = (await import('../../../lambdas/handlers/charge-balance')).handler;
    process.env.DYNAMODB_ENDPOINT = realEndpoint;
  });

  afterAll(() => proxy.stop());

  /** One charge with the user key, with the storage operations it caused. */
  const charge = async (userKey: string, amount: number, key: string) => {
    const before = proxy.calls.length;
    const response = await invoke(chargeHandler, {
      method: 'POST',
      rawPath: '/balance/charge',
      token: userKey,
      body: { amount },
      headers: { 'idempotency-key': key },
    });
    return { status: response.statusCode, body: response.body, calls: proxy.calls.slice(before).map((call) => call.operation) };
  };

  it('charges with the key read, one transaction, one read of the balance after it and one completing transaction', async () => {
    const { userId, userKey } = await world.newUserWithKey();

    const charged = await charge(userKey, 700, 'first');

    expect(charged).toEqual({
      status: 200,
      body: { userId, balance: 700, charged: 700 },
      calls: ['GetItem', 'TransactWriteItems', 'GetItem', 'TransactWriteItems'],
    });
    const [entry] = await world.ledgerOf(userId);
    expect(entry).toMatchObject({ amount: 700, balanceAfter: 700 });
    // Completed: nothing of the change is left pending on the user item.
    const user = await world.getItem(userProfileKey(userId));
    expect(Object.keys(user ?? {}).filter((name) => name.startsWith('pending'))).toEqual([]);
  });

  it('answers a retry from the record its refused transaction returns, with no read before the write', async () => {
    const { userId, userKey } = await world.newUserWithKey();
    const first = await charge(userKey, 300, 'retried');
    await charge(userKey, 5, 'another');

    const retry = await charge(userKey, 300, 'retried');

    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.calls.slice(0, 2)).toEqual(['GetItem', 'TransactWriteItems']);
    expect(retry.calls.filter((operation) => operation === 'TransactWriteItems')).toHaveLength(1);
    const ledger = await world.ledgerOf(userId);
    expect(sum(ledger.map((entry) => entry.amount as number))).toBe(305);
    expect(await world.balanceOf(userId)).toBe(305);
  });

  it('refuses the key with another amount with 422 after the key read and the refused transaction alone', async () => {
    const { userId, userKey } = await world.newUserWithKey();
    await charge(userKey, 300, 'reused');

    const reused = await charge(userKey, 301, 'reused');

    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.calls).toEqual(['GetItem', 'TransactWriteItems']);
    expect(await world.balanceOf(userId)).toBe(300);
  });
});
