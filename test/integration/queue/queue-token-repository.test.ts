import { randomUUID } from 'node:crypto';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import type { QueueToken } from '../../../lambdas/domain/queue';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const issuedAtMs = Date.UTC(2030, 0, 1);

/** What a poll stores, checked on DynamoDB Local: the unit tests only cover how SDK errors are translated. */
describe('DynamoQueueTokenRepository.recordPoll (DynamoDB Local)', () => {
  let table: TestTable;
  let tokens: DynamoQueueTokenRepository;
  let issuer: DynamoQueueTokenIssuer;

  beforeAll(async () => {
    table = await createTestTable();
    tokens = new DynamoQueueTokenRepository(table.db, table.tableName, 8);
    issuer = new DynamoQueueTokenIssuer(table.db, table.tableName, 8);
  });

  afterAll(() => table?.db.destroy());

  const waitingToken = async (): Promise<QueueToken> => {
    const token: QueueToken = {
      tokenId: randomUUID(),
      userId: randomUUID(),
      concertId: `concert-${randomUUID()}`,
      status: 'WAITING',
      ticket: 1,
      shard: 0,
      issuedAtMs,
      lastPolledAtMs: issuedAtMs,
      expiryKeyMs: issuedAtMs + 120_000,
    };
    await expect(issuer.issueWaiting(token)).resolves.toEqual({ kind: 'issued' });
    return (await tokens.findToken(token.tokenId))!;
  };

  it('stores the poll time and the reported position of a waiting token', async () => {
    const token = await waitingToken();
    await expect(tokens.recordPoll(token, { nowMs: issuedAtMs + 5_000, position: 3 })).resolves.toBe(true);
    expect(await tokens.findToken(token.tokenId)).toMatchObject({ lastPolledAtMs: issuedAtMs + 5_000, lastPosition: 3, expiryKeyMs: issuedAtMs + 120_000 });
  });

  it('moves the expiry key when asked to', async () => {
    const token = await waitingToken();
    await expect(tokens.recordPoll(token, { nowMs: issuedAtMs + 70_000, position: 2, expiryKeyMs: issuedAtMs + 190_000 })).resolves.toBe(true);
    expect((await tokens.findToken(token.tokenId))?.expiryKeyMs).toBe(issuedAtMs + 190_000);
  });

  it('refuses to report a position behind one already reported, leaving the token as it was', async () => {
    const token = await waitingToken();
    await tokens.recordPoll(token, { nowMs: issuedAtMs + 1_000, position: 2 });
    await expect(tokens.recordPoll(token, { nowMs: issuedAtMs + 2_000, position: 3 })).resolves.toBe(false);
    expect(await tokens.findToken(token.tokenId)).toMatchObject({ lastPolledAtMs: issuedAtMs + 1_000, lastPosition: 2 });
  });

  it('never touches a token that is no longer waiting', async () => {
    const token = await waitingToken();
    await expect(tokens.endToken(token, 'LEFT', issuedAtMs + 1_000)).resolves.toBe(true);
    await expect(tokens.recordPoll(token, { nowMs: issuedAtMs + 2_000, position: 1 })).resolves.toBe(false);
    expect(await tokens.findToken(token.tokenId)).toMatchObject({ status: 'LEFT', lastPolledAtMs: issuedAtMs });
  });
});
