import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { userProfileKey } from '../../lambdas/adapters/dynamodb/entities/user';
import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

/**
 * The local server runs each function with only its route-table grants, as IAM does on AWS (local/function-roles.ts):
 * the other end-to-end tests exercise the common paths that way. This one covers a rare path with writes on a read
 * route: a balance change whose writer died between its transaction and its completion is completed by the next
 * reader of the balance or the ledger.
 */
describe('local server over HTTP: each function within its own grants', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: false });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A charge, then its completion undone: what a writer that died after the charge's transaction leaves behind. */
  const chargeLeftPending = async (amount: number): Promise<{ userId: string; userKey: string; ledgerSk: string }> => {
    const user = (await server.request('POST', '/users', { body: { name: 'fan' } })).body as { userId: string; userKey: string };
    const charge = await server.request('POST', '/balance/charge', { token: user.userKey, body: { amount }, headers: { 'idempotency-key': 'charge-1' } });
    expect(charge.status).toBe(200);
    const { pk } = userProfileKey(user.userId);
    const entries = await server.db.send(
      new QueryCommand({ TableName: server.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)', ExpressionAttributeValues: { ':pk': pk, ':ledger': 'LEDGER#' } }),
    );
    const ledgerSk = entries.Items?.[0]?.sk as string;
    const entryId = ledgerSk.split('#').pop() as string;
    await server.db.send(new UpdateCommand({ TableName: server.tableName, Key: { pk, sk: ledgerSk }, UpdateExpression: 'REMOVE balanceAfter' }));
    await server.db.send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: userProfileKey(user.userId),
        UpdateExpression: 'SET #after = :after, #ledgerSk = :ledgerSk',
        ExpressionAttributeNames: { '#after': `pendingAfter_${entryId}`, '#ledgerSk': `pendingLedgerSk_${entryId}` },
        ExpressionAttributeValues: { ':after': amount, ':ledgerSk': ledgerSk },
      }),
    );
    return { ...user, ledgerSk };
  };

  const balanceAfterOf = async (userId: string, ledgerSk: string): Promise<unknown> =>
    (await server.db.send(new GetCommand({ TableName: server.tableName, Key: { pk: userProfileKey(userId).pk, sk: ledgerSk }, ConsistentRead: true }))).Item?.balanceAfter;

  it('GET /balance completes a pending balance change and answers 200', async () => {
    const fan = await chargeLeftPending(7_000);
    expect(await balanceAfterOf(fan.userId, fan.ledgerSk)).toBeUndefined();
    const balance = await server.request('GET', '/balance', { token: fan.userKey });
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({ userId: fan.userId, balance: 7_000 });
    expect(await balanceAfterOf(fan.userId, fan.ledgerSk)).toBe(7_000);
  });

  it('GET /balance/ledger completes a pending balance change and answers 200 with its balance after', async () => {
    const fan = await chargeLeftPending(9_000);
    const ledger = await server.request('GET', '/balance/ledger', { token: fan.userKey });
    expect(ledger.status).toBe(200);
    expect(ledger.body.entries).toEqual([expect.objectContaining({ kind: 'CHARGE', amount: 9_000, balanceAfter: 9_000 })]);
    expect(await balanceAfterOf(fan.userId, fan.ledgerSk)).toBe(9_000);
  });
});
