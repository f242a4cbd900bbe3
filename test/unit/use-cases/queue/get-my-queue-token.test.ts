import { Deadline } from '../../../../lambdas/domain/deadline';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import type { QueuePolicy, QueueToken } from '../../../../lambdas/domain/queue';
import type { SaleSettings } from '../../../../lambdas/domain/sale';
import type { AdmitOnPoll } from '../../../../lambdas/use-cases/admission/admit-on-poll';
import { runWithDeadline } from '../../../../lambdas/use-cases/invocation-deadline';
import { getMyQueueToken } from '../../../../lambdas/use-cases/queue/get-my-queue-token';
import type { PlaceDispenser, QueueTokenRepository, RoomReader } from '../../../../lambdas/use-cases/queue/ports';

describe('getMyQueueToken', () => {
  const now = 1_800_000_000_000;
  const policy: QueuePolicy = { maxActiveTokens: 10, activeTokenTtlSeconds: 600, waitingTokenIdleSeconds: 120 };
  const claims = { userId: 'u1', tokenId: 't1', concertId: 'c1' };
  const waiting: QueueToken = {
    tokenId: 't1',
    userId: 'u1',
    concertId: 'c1',
    status: 'WAITING',
    shard: 0,
    ticket: 13,
    issuedAtMs: now - 30_000,
    lastPolledAtMs: now - 5_000,
    expiryKeyMs: now + 115_000,
  };

  /**
   * A room that has served 10 (so the waiter at ticket 13 is at position 3) with `activeCount` ACTIVE; `admitOnPoll`
   * is what the poll's admission does (by default: admits the token).
   */
  const setUp = (options: { activeCount: number; sale?: SaleSettings; roomAgeMs?: number; admitOnPoll?: (stored: { token: QueueToken }) => ReturnType<AdmitOnPoll> }) => {
    const stored = { token: waiting };
    const admissions: { position: number; mayContinue: () => boolean }[] = [];
    const polls: { position: number }[] = [];
    const admitOnPoll: AdmitOnPoll = async (_concertId, position, mayContinue) => {
      admissions.push({ position, mayContinue });
      if (options.admitOnPoll) return options.admitOnPoll(stored);
      stored.token = { ...stored.token, status: 'ACTIVE', admittedAtMs: now, lastPosition: 0 };
      return { admitted: 3, expiredIdle: 0 };
    };
    const tokens = {
      findToken: async () => stored.token,
      recordPoll: async (_token, poll) => (polls.push({ position: poll.position }), true),
    } as Pick<QueueTokenRepository, 'findToken' | 'recordPoll'> as QueueTokenRepository;
    const rooms = {
      readRecentRoom: async () => ({ readAtMs: now - (options.roomAgeMs ?? 0), servedCount: 10, activeCount: options.activeCount, draw: {}, sale: options.sale ?? {} }),
      readPace: async () => ({ admittedLastMinute: 12, lineRates: [{ overMs: 40_000, admissions: 20, perSecond: 0.5 }] }),
    } as Pick<RoomReader, 'readRecentRoom' | 'readPace'> as RoomReader & PlaceDispenser;
    const poll = getMyQueueToken({ tokens, rooms, admitOnPoll, clock: { now: () => now }, policy });
    return { poll: () => poll(claims), admissions, polls };
  };

  it('leaves a waiter far from any free slot to the stream and the sweeper: no admission, just the poll', async () => {
    const { poll, admissions, polls } = setUp({ activeCount: 8 });
    expect(await poll()).toMatchObject({ status: 'WAITING', position: 3, estimatedWaitSeconds: 6 });
    expect(admissions).toEqual([]);
    expect(polls).toEqual([{ position: 3 }]);
  });

  it("counts the estimate from when the instance read the room's counters, less the time since", async () => {
    // Position 3 at half an admission a second: 6 s from the read, which was 2 s ago.
    expect(await setUp({ activeCount: 8, roomAgeMs: 2_000 }).poll()).toMatchObject({ status: 'WAITING', position: 3, estimatedWaitSeconds: 4 });
  });

  it('admits a waiter within reach of a free slot through the line, and answers ACTIVE at once', async () => {
    const { poll, admissions, polls } = setUp({ activeCount: 7 });
    expect(await poll()).toMatchObject({ status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0, expiresAtMs: now + 600_000 });
    expect(admissions.map((admission) => admission.position)).toEqual([3]);
    expect(polls).toEqual([]);
  });

  it('answers WAITING at its place when the run did not reach the waiter (others took the slots first)', async () => {
    const { poll, admissions, polls } = setUp({ activeCount: 0, admitOnPoll: async () => ({ admitted: 0, expiredIdle: 0 }) });
    expect(await poll()).toMatchObject({ status: 'WAITING', position: 3 });
    expect(admissions).toHaveLength(1);
    expect(polls).toEqual([{ position: 3 }]);
  });

  it("uses the concert's own room size and admits nobody in a paused room", async () => {
    expect((await setUp({ activeCount: 7, sale: { maxActive: 9 } }).poll()).status).toBe('WAITING');
    expect((await setUp({ activeCount: 0, sale: { maxActive: 3 } }).poll()).status).toBe('ACTIVE');
    const paused = setUp({ activeCount: 0, sale: { paused: true } });
    expect((await paused.poll()).status).toBe('WAITING');
    expect(paused.admissions).toEqual([]);
  });

  it('tells no estimate in a paused room: its pace says nothing of when the operator resumes', async () => {
    expect(await setUp({ activeCount: 8, sale: { paused: true } }).poll()).toMatchObject({
      status: 'WAITING',
      position: 3,
      estimatedWaitSeconds: null,
      pollAfterSeconds: 3,
    });
  });

  it('still answers the poll when storage refuses the admission, and lets any other failure through', async () => {
    const busy = setUp({ activeCount: 0, admitOnPoll: async () => Promise.reject(new ServiceUnavailableError('throttled')) });
    expect(await busy.poll()).toMatchObject({ status: 'WAITING', position: 3 });
    const broken = setUp({ activeCount: 0, admitOnPoll: async () => Promise.reject(new Error('malformed item')) });
    await expect(broken.poll()).rejects.toThrow('malformed item');
  });

  it('starts no admission too close to its deadline, and stops one while the answer still fits', async () => {
    const late = setUp({ activeCount: 0 });
    const answer = await runWithDeadline(new Deadline(Date.now() + 600), late.poll);
    expect(answer).toMatchObject({ status: 'WAITING', position: 3 });
    expect(late.admissions).toEqual([]);

    const inTime = setUp({ activeCount: 0 });
    const deadline = new Deadline(Date.now() + 5_000);
    await runWithDeadline(deadline, inTime.poll);
    const { mayContinue } = inTime.admissions[0]!;
    expect(mayContinue()).toBe(true);
    deadline.end('answered');
    expect(mayContinue()).toBe(false);
  });
});
