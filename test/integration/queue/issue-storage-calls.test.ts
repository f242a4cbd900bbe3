import { randomUUID } from 'node:crypto';
import type { BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { DynamoRoomRepository } from '../../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { keys } from '../../../lambdas/adapters/dynamodb/table';
import { DynamoUserRepository } from '../../../lambdas/adapters/dynamodb/user-repository';
import { JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { uuidGenerator } from '../../../lambdas/adapters/system';
import { userKeys } from '../../../lambdas/adapters/user-keys';
import type { QueuePolicy } from '../../../lambdas/domain/queue';
import { issueQueueToken } from '../../../lambdas/use-cases/queue/issue-queue-token';
import { concertSeeder } from '../../support/concerts';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';

const shards = 8;
jest.setTimeout(60_000);

/**
 * What a token issue costs the store, counted on the document client the repositories use (one per Lambda instance):
 * the place rows are read in the issue's one BatchGetItem, so taking a place costs no round trip of its own.
 */
describe('issuing a queue token: storage calls per issue', () => {
  let table: TestTable;
  const clock = { current: Date.UTC(2032, 0, 1), now() { return this.current; } };
  const policy: QueuePolicy = { maxActiveTokens: 2, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
  const codec = new JwtQueueTokens(new StaticSigningKeys('issue-calls-test-secret'));

  beforeAll(async () => {
    table = await createTestTable();
  });

  /** One Lambda instance: its own client (counted) and repositories. */
  const instance = () => {
    const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, maxAttempts: 5 });
    const sent = jest.spyOn(db, 'send');
    const tokens = new DynamoQueueTokenIssuer(db, table.tableName, shards);
    const rooms = new DynamoRoomRepository(db, table.tableName, shards, clock);
    const issue = issueQueueToken({ tokens, rooms, signer: codec, clock, ids: uuidGenerator, policy });
    /** Issues a token to a new user and returns the storage commands the issue sent, in order, with their inputs. */
    const counted = async (concertId: string) => {
      const userId = randomUUID();
      await new DynamoUserRepository(table.db, table.tableName).createUser({ userId, name: 'fan' }, userKeys.newKey().hash);
      sent.mockClear();
      const view = await issue(userId, concertId);
      const commands = sent.mock.calls.map(([command]) => command as { constructor: { name: string }; input: unknown });
      return { view, operations: commands.map((command) => command.constructor.name), inputs: commands.map((command) => command.input) };
    };
    return { counted };
  };
  const newConcert = async (): Promise<string> => (await concertSeeder(table)({ seatsPerDate: 1, price: 1000 })).concertId;

  it('issues with one BatchGetItem, one place claim and one transaction, reading the place rows in the BatchGetItem', async () => {
    const concertId = await newConcert();
    const lambda = instance();
    // The first issue of a cold instance: no row is known yet, the claim starts at the row the marker or the shards'
    // count names. It takes the room's first place, so it opens row 1 and marks it (one write per row of 100).
    const first = await lambda.counted(concertId);
    expect(first.view.status).toBe('ACTIVE');
    expect(first.operations).toEqual(['BatchGetCommand', 'UpdateCommand', 'UpdateCommand', 'TransactWriteCommand']);

    const second = await lambda.counted(concertId);
    expect(second.view.status).toBe('ACTIVE');
    expect(second.operations).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand']);
    const read = (second.inputs[0] as BatchGetCommandInput).RequestItems?.[table.tableName];
    expect(read?.ConsistentRead).toBe(true);
    expect(read?.Keys).toEqual(expect.arrayContaining([keys.placeRow(concertId, 1), keys.placeRow(concertId, 2), keys.placeRow(concertId, 3)]));

    // A waiter also reads the room's admission pace for its estimate (cached one second per instance).
    const waiter = await lambda.counted(concertId);
    expect(waiter.view).toMatchObject({ status: 'WAITING', position: 1 });
    expect(waiter.operations).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand', 'QueryCommand']);
    const next = await lambda.counted(concertId);
    expect(next.view).toMatchObject({ status: 'WAITING', position: 2 });
    expect(next.operations).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand']);
  });

  it('takes the next place without a hop when another instance filled rows meanwhile, from the rows it read', async () => {
    const concertId = await newConcert();
    const [early, busy] = [instance(), instance()];
    await early.counted(concertId);
    // Another instance hands out 150 places: rows 1 and 2 fill past what the early instance remembers.
    for (let i = 0; i < 150; i += 1) await busy.counted(concertId);

    const late = await early.counted(concertId);
    // (then the pace Query of a waiter's estimate)
    expect(late.operations.slice(0, 3)).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand']);
    expect(late.operations.filter((operation) => operation === 'UpdateCommand')).toHaveLength(1);
    const claim = late.inputs[1] as { Key?: unknown };
    expect(claim.Key).toEqual(keys.placeRow(concertId, 2));
  });
});
