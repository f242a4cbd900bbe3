import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoConcertRepository } from '../../lambdas/adapters/dynamodb/concert-repository';
import { DynamoRoomRepository } from '../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../lambdas/adapters/dynamodb/queue-token-issuer';
import { queueTokenKey } from '../../lambdas/adapters/dynamodb/entities/queue-token';
import { DynamoUserRepository } from '../../lambdas/adapters/dynamodb/user-repository';
import { JwtQueueTokens } from '../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../lambdas/adapters/jwt/signing-keys';
import { systemClock, uuidGenerator } from '../../lambdas/adapters/system';
import { userKeys } from '../../lambdas/adapters/user-keys';
import type { QueuePolicy } from '../../lambdas/domain/queue';
import { createConcert } from '../../lambdas/use-cases/concerts/create-concert';
import { issueQueueToken } from '../../lambdas/use-cases/queue/issue-queue-token';
import { batchGetItems } from '../../lambdas/adapters/dynamodb/queue-batch-get';

export interface IssueBurstOptions {
  readonly fans: number;
  /** Simulated Lambda instances, each with its own client and repositories, serving one issue at a time. */
  readonly instances: number;
  readonly queueShards: number;
}

export interface IssueBurstResult {
  readonly fans: number;
  readonly instances: number;
  /** DynamoDB Local on this machine: says nothing about AWS, only how many claims were in flight. */
  readonly issuesPerSecond: number;
  /** Place rows written, and the place-claim writes each took in its whole life. */
  readonly rows: number;
  readonly rowWritesMax: number;
  readonly rowWritesMean: number;
  /** Issues whose claim met a row that had filled since their read, and went on to the next. */
  readonly secondClaimShare: number;
  readonly maxClaimsInOneIssue: number;
  /** Storage calls per issue besides the claims: the one BatchGetItem, the transaction, a cached pace Query. */
  readonly batchGetsPerIssue: number;
  /** Places are exactly 1..fans, each once. */
  readonly placesDense: boolean;
}

/**
 * Token issues into a full room after the opening, from `instances` simulated Lambda instances at once (the first
 * issue of each is cold): how many writes each place row takes in its life (docs/scaling.md: about 100–150 whatever
 * the rate) and how often a claim has to go on to the next row. Counted on each instance's document client.
 */
export const runIssueBurst = async (endpoint: string, db: DynamoDBDocumentClient, tableName: string, options: IssueBurstOptions): Promise<IssueBurstResult> => {
  const policy: QueuePolicy = { maxActiveTokens: 1, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 600 };
  const codec = new JwtQueueTokens(new StaticSigningKeys(`bench-${randomUUID()}`));
  const { concert } = await createConcert({ concerts: new DynamoConcertRepository(db, tableName), ids: uuidGenerator })({
    title: 'Issue burst bench',
    venue: 'Arena',
    dates: ['2099-12-24'],
    seatsPerDate: 1,
    price: 1000,
  });
  const users = Array.from({ length: options.fans + 1 }, () => randomUUID());
  const userRepository = new DynamoUserRepository(db, tableName);
  for (let start = 0; start < users.length; start += 50) {
    await Promise.all(users.slice(start, start + 50).map((userId) => userRepository.createUser({ userId, name: 'bench fan' }, userKeys.newKey().hash)));
  }
  const wire = (client: DynamoDBDocumentClient) =>
    issueQueueToken({
      tokens: new DynamoQueueTokenIssuer(client, tableName, options.queueShards),
      rooms: new DynamoRoomRepository(client, tableName, options.queueShards, systemClock),
      signer: codec,
      clock: systemClock,
      ids: uuidGenerator,
      policy,
    });
  // The one slot is taken first: every fan of the burst waits, with a place.
  await wire(db)(users[0] as string, concert.concertId);

  const rowWrites = new Map<string, number>();
  const perIssue: { claims: number; batchGets: number }[] = [];
  const tokenIds: string[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.instances }, async (_, instance) => {
      const client = createDocumentClient({ endpoint, maxAttempts: 5 });
      let current = { claims: 0, batchGets: 0 };
      client.middlewareStack.add(
        (next, context) => async (args) => {
          // The document client's command names, or the low-level ones (attribute values marshalled) under them.
          const input = args.input as { Key?: { pk?: unknown } };
          const key = input.Key?.pk;
          const pk = typeof key === 'object' && key !== null ? String((key as { S?: string }).S) : String(key ?? '');
          const name = context.commandName ?? '';
          if (/^Update(Item)?Command$/.test(name) && pk.includes('#PLACES#')) {
            rowWrites.set(pk, (rowWrites.get(pk) ?? 0) + 1);
            current.claims += 1;
          }
          if (/^BatchGet(Item)?Command$/.test(name)) current.batchGets += 1;
          return next(args);
        },
        { step: 'initialize', name: 'benchClaimCounter' },
      );
      const issue = wire(client);
      try {
        for (let index = 1 + instance; index < users.length; index += options.instances) {
          current = { claims: 0, batchGets: 0 };
          const issued = await issue(users[index] as string, concert.concertId);
          tokenIds.push((await codec.verify(issued.jwt, Date.now())).tokenId);
          perIssue.push(current);
        }
      } finally {
        client.destroy();
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const tickets = (await batchGetItems(db, tableName, tokenIds.map(queueTokenKey), { consistent: true })).map((item) => item.ticket as number);
  const sorted = [...tickets].sort((a, b) => a - b);
  const writes = [...rowWrites.values()];
  return {
    fans: options.fans,
    instances: options.instances,
    issuesPerSecond: Math.round(options.fans / seconds),
    rows: writes.length,
    rowWritesMax: Math.max(...writes),
    rowWritesMean: Math.round((writes.reduce((sum, count) => sum + count, 0) / writes.length) * 10) / 10,
    secondClaimShare: Math.round((perIssue.filter((issue) => issue.claims > 1).length / perIssue.length) * 1000) / 1000,
    maxClaimsInOneIssue: Math.max(...perIssue.map((issue) => issue.claims)),
    batchGetsPerIssue: perIssue.reduce((sum, issue) => sum + issue.batchGets, 0) / perIssue.length,
    // Place 1 is the slot holder's.
    placesDense: sorted.length === options.fans && sorted.every((place, index) => place === index + 2),
  };
};
