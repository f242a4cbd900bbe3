import { DynamoRoomRepository } from '../../../lambdas/adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenIssuer } from '../../../lambdas/adapters/dynamodb/queue-token-issuer';
import { DynamoQueueTokenRepository } from '../../../lambdas/adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../../../lambdas/adapters/dynamodb/queue-waiting-line';
import { JwtQueueTokens } from '../../../lambdas/adapters/jwt/jwt-queue-tokens';
import { StaticSigningKeys } from '../../../lambdas/adapters/jwt/signing-keys';
import { systemClock, uuidGenerator } from '../../../lambdas/adapters/system';
import type { QueuePolicy, QueueToken } from '../../../lambdas/domain/queue';
import { oneRunPerRoom } from '../../../lambdas/use-cases/admission/admit-on-poll';
import { getMyQueueToken } from '../../../lambdas/use-cases/queue/get-my-queue-token';
import { issueQueueToken } from '../../../lambdas/use-cases/queue/issue-queue-token';
import { leaveQueue } from '../../../lambdas/use-cases/queue/leave-queue';
import type { BearerClaims } from '../../../lambdas/use-cases/queue/ports';
import { admitWaiting } from '../../../lambdas/use-cases/sweeper/admit-waiting';
import { concertSeeder } from '../../support/concerts';
import { createTestTable } from '../../support/dynamodb';
import type { TestTable } from '../../support/dynamodb';
import { userRegistry } from '../../support/users';

const shards = 8;
jest.setTimeout(120_000);

/**
 * Admission by the poll alone: no table stream and no sweeper run here, so a waiter is ACTIVE only if a poll
 * admitted it. Each "instance" has its own room cache and its own one-run-per-room admission, as separate Lambda
 * instances would; only the room's conditions keep them apart.
 */
describe('admission on poll (DynamoDB Local, no stream, no sweeper)', () => {
  let table: TestTable;
  const codec = new JwtQueueTokens(new StaticSigningKeys('admission-on-poll-test-secret'));

  beforeAll(async () => {
    table = await createTestTable();
  });

  const instance = (policy: QueuePolicy) => {
    const tokens = new DynamoQueueTokenRepository(table.db, table.tableName, shards);
    const issuer = new DynamoQueueTokenIssuer(table.db, table.tableName, shards);
    const rooms = new DynamoRoomRepository(table.db, table.tableName, shards, systemClock);
    const admit = admitWaiting({ line: new DynamoWaitingLine(table.db, table.tableName, shards), rooms, tokens, clock: systemClock, policy });
    return {
      tokens,
      rooms,
      issue: issueQueueToken({ tokens: issuer, rooms, signer: codec, clock: systemClock, ids: uuidGenerator, policy }),
      poll: getMyQueueToken({ tokens, rooms, admitOnPoll: oneRunPerRoom(admit), clock: systemClock, policy }),
      leave: leaveQueue({ tokens, clock: systemClock, policy }),
    };
  };
  type Instance = ReturnType<typeof instance>;

  const newConcert = async (): Promise<string> => (await concertSeeder(table)({ seatsPerDate: 1, price: 1000 })).concertId;
  const newUser = async (): Promise<string> => (await userRegistry(table)('fan')).userId;
  /** `count` fans take a token one after the other, so their places follow the order of the array. */
  const queueUp = async (at: Instance, concertId: string, count: number) => {
    const fans = [];
    for (let i = 0; i < count; i += 1) {
      const issued = await at.issue(await newUser(), concertId);
      fans.push({ status: issued.status, claims: await codec.verify(issued.jwt, Date.now()) });
    }
    return fans;
  };
  /**
   * Polls until the answer is ACTIVE (at most five polls). A poll stops admitting after 2 s of wall clock to answer in
   * time, so on a busy machine the run may need the next poll too; with no stream and no sweeper here, only polls admit.
   */
  const pollUntilActive = async (at: Instance, claims: BearerClaims) => {
    let answer = await at.poll(claims);
    for (let poll = 1; poll < 5 && answer.status !== 'ACTIVE'; poll += 1) answer = await at.poll(claims);
    return answer;
  };
  const stored = async (at: Instance, claims: BearerClaims): Promise<QueueToken> => (await at.tokens.findToken(claims.tokenId)) as QueueToken;
  const statusesOf = async (at: Instance, all: readonly { claims: BearerClaims }[]) => Promise.all(all.map(async (fan) => (await stored(at, fan.claims)).status));

  it('admits a waiter whose poll finds enough free slots, with everyone ahead of it, and answers ACTIVE', async () => {
    const policy = { maxActiveTokens: 3, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const setup = instance(policy);
    const concertId = await newConcert();
    const holders = await queueUp(setup, concertId, 3);
    const waiters = await queueUp(setup, concertId, 5);
    expect([...holders, ...waiters].map((fan) => fan.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING', 'WAITING', 'WAITING']);
    await setup.leave(holders[0]!.claims);
    await setup.leave(holders[1]!.claims);

    // Two free slots: the second in line is within reach, and its own poll admits the first and then it.
    const polled = await pollUntilActive(instance(policy), waiters[1]!.claims);
    expect(polled).toMatchObject({ status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0 });
    expect(await statusesOf(setup, waiters)).toEqual(['ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING']);
    expect((await setup.rooms.readRoom(concertId)).activeCount).toBe(3);
  });

  it('admits nobody for a waiter whose position is beyond the free slots', async () => {
    const policy = { maxActiveTokens: 3, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const setup = instance(policy);
    const concertId = await newConcert();
    const holders = await queueUp(setup, concertId, 3);
    const waiters = await queueUp(setup, concertId, 3);
    await setup.leave(holders[0]!.claims);

    expect(await instance(policy).poll(waiters[1]!.claims)).toMatchObject({ status: 'WAITING', position: 2 });
    expect(await statusesOf(setup, waiters)).toEqual(['WAITING', 'WAITING', 'WAITING']);
    // The first in line is within reach of the one free slot.
    expect(await pollUntilActive(instance(policy), waiters[0]!.claims)).toMatchObject({ status: 'ACTIVE' });
    expect(await statusesOf(setup, waiters)).toEqual(['ACTIVE', 'WAITING', 'WAITING']);
  });

  it('keeps the room within its limit and the line in order under many concurrent polls from several instances', async () => {
    const max = 10;
    const policy = { maxActiveTokens: max, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
    const setup = instance(policy);
    const concertId = await newConcert();
    const holders = await queueUp(setup, concertId, max);
    const waiters = await queueUp(setup, concertId, 40);
    const instances = Array.from({ length: 4 }, () => instance(policy));
    const room = async () => {
      const active = (await statusesOf(setup, [...holders, ...waiters])).filter((status) => status === 'ACTIVE').length;
      const { activeCount } = await setup.rooms.readRoom(concertId);
      return { active, activeCount };
    };

    // Slots free while every waiter polls, each poll twice, through four instances at once.
    const leaving = Promise.all(holders.slice(0, 7).map((holder) => setup.leave(holder.claims)));
    const polling = Promise.all(
      [...waiters, ...waiters].map((fan, index) => instances[index % instances.length]!.poll(fan.claims).catch((error: Error) => error)),
    );
    await leaving;
    const answers = await polling;
    expect(answers.filter((answer) => answer instanceof Error)).toEqual([]);
    // Polls go on (each instance's room view is at most a second old) until every slot within reach is taken.
    for (let round = 0; round < 20 && (await room()).activeCount < max; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await Promise.all(waiters.map((fan, index) => instances[index % instances.length]!.poll(fan.claims)));
    }

    expect(await room()).toEqual({ active: max, activeCount: max });
    // FIFO: the admitted waiters are exactly the head of the line.
    const statuses = await statusesOf(setup, waiters);
    expect(statuses).toEqual(waiters.map((_, index) => (index < 7 ? 'ACTIVE' : 'WAITING')));
  });
});
