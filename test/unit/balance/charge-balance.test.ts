import {
  BalanceLimitExceededError,
  IdempotencyKeyReusedError,
  InvalidAmountError,
  ServiceUnavailableError,
  UserNotFoundError,
} from '../../../lambdas/domain/errors';
import type { IdempotencyRecord, IdempotentOperation } from '../../../lambdas/domain/idempotency';
import { hashRequestBody } from '../../../lambdas/domain/idempotency';
import { retryBudgets } from '../../../lambdas/use-cases/retry-policy';
import { chargeBalance } from '../../../lambdas/use-cases/balance/charge-balance';
import type { BalanceRepository, BalanceWriteOutcome, ChargeWrite } from '../../../lambdas/use-cases/balance/ports';
import type { IdempotencyRecordReader } from '../../../lambdas/use-cases/payments/ports';

const now = 1_700_000_000_000;

/** A balance that a concurrent writer may move between the read and the write (`changes` per write attempt). */
class FakeBalances implements BalanceRepository {
  public readonly writes: ChargeWrite[] = [];
  public constructor(
    public balance: number | undefined,
    private readonly outcomes: BalanceWriteOutcome[] = [],
    private readonly concurrentCharges: number[] = [],
  ) {}

  public async findBalance(): Promise<number | undefined> {
    return this.balance;
  }

  public async applyCharge(write: ChargeWrite): Promise<BalanceWriteOutcome> {
    this.writes.push(write);
    const concurrent = this.concurrentCharges.shift();
    if (concurrent !== undefined) {
      this.balance = (this.balance ?? 0) + concurrent;
      return { kind: 'balanceChanged' };
    }
    const outcome = this.outcomes.shift() ?? { kind: 'applied' };
    if (outcome.kind === 'applied') this.balance = write.entry.balanceAfter;
    return outcome;
  }
}

class FakeRecords implements IdempotencyRecordReader {
  public constructor(private readonly records: Record<string, IdempotencyRecord> = {}) {}
  public async findRecord(userId: string, operation: IdempotentOperation, key: string): Promise<IdempotencyRecord | undefined> {
    return this.records[`${userId}/${operation.name}/${key}`];
  }
}

const setup = (balances: FakeBalances, records = new FakeRecords()) => {
  let id = 0;
  return chargeBalance({ balances, idempotencyRecords: records, clock: { now: () => now }, ids: { newId: () => `id-${++id}` } });
};

describe('chargeBalance', () => {
  it('adds the amount and writes the ledger entry with the balance it leads to', async () => {
    const balances = new FakeBalances(1_000);
    await expect(setup(balances)({ userId: 'u', amount: 500 })).resolves.toEqual({ userId: 'u', balance: 1_500, charged: 500 });
    expect(balances.writes).toEqual([
      {
        userId: 'u',
        expectedBalance: 1_000,
        entry: { entryId: 'id-1', userId: 'u', kind: 'CHARGE', amount: 500, balanceAfter: 1_500, at: new Date(now).toISOString() },
        nowMs: now,
      },
    ]);
  });

  it('records the response with the effect when an Idempotency-Key is given', async () => {
    const balances = new FakeBalances(0);
    const idempotency = { key: 'k', requestHash: hashRequestBody({ amount: 7 }) };
    await setup(balances)({ userId: 'u', amount: 7, idempotency });
    expect(balances.writes[0]?.idempotency).toEqual({
      operation: { name: 'CHARGE', successStatus: 200 },
      key: 'k',
      record: { requestHash: idempotency.requestHash, statusCode: 200, response: { userId: 'u', balance: 7, charged: 7 } },
    });
  });

  it('reads again and recomputes after losing to a concurrent change of the balance', async () => {
    const balances = new FakeBalances(0, [], [300, 200]);
    await expect(setup(balances)({ userId: 'u', amount: 1_000 })).resolves.toEqual({ userId: 'u', balance: 1_500, charged: 1_000 });
    expect(balances.writes.map((write) => [write.expectedBalance, write.entry.balanceAfter])).toEqual([
      [0, 1_000],
      [300, 1_300],
      [500, 1_500],
    ]);
    expect(new Set(balances.writes.map((write) => write.entry.entryId)).size).toBe(1);
  });

  it('refuses a charge past the cap after a concurrent charge filled the balance', async () => {
    const balances = new FakeBalances(99_000_000, [], [500_001]);
    await expect(setup(balances)({ userId: 'u', amount: 500_000 })).rejects.toBeInstanceOf(BalanceLimitExceededError);
  });

  it('answers with the recorded response when a concurrent retry with the same key won', async () => {
    const requestHash = hashRequestBody({ amount: 5 });
    const recorded = { userId: 'u', balance: 5, charged: 5 };
    const records = new FakeRecords({ 'u/CHARGE/k': { requestHash, statusCode: 200, response: recorded } });
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded' }]);
    await expect(setup(balances, records)({ userId: 'u', amount: 5, idempotency: { key: 'k', requestHash } })).resolves.toEqual(recorded);
  });

  it('refuses the same key with another amount with IDEMPOTENCY_KEY_REUSED', async () => {
    const records = new FakeRecords({ 'u/CHARGE/k': { requestHash: hashRequestBody({ amount: 5 }), statusCode: 200, response: {} } });
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded' }]);
    const idempotency = { key: 'k', requestHash: hashRequestBody({ amount: 6 }) };
    await expect(setup(balances, records)({ userId: 'u', amount: 6, idempotency })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers a retry from its record even when the charge would now be refused', async () => {
    const requestHash = hashRequestBody({ amount: 1_000_000 });
    const recorded = { userId: 'u', balance: 100_000_000, charged: 1_000_000 };
    const records = new FakeRecords({ 'u/CHARGE/k': { requestHash, statusCode: 200, response: recorded } });
    const balances = new FakeBalances(100_000_000);
    const retry = setup(balances, records)({ userId: 'u', amount: 1_000_000, idempotency: { key: 'k', requestHash } });
    await expect(retry).resolves.toEqual(recorded);
    expect(balances.writes).toHaveLength(0);
  });

  it('refuses an invalid amount with INVALID_AMOUNT before reading anything', async () => {
    const balances = new FakeBalances(0);
    await expect(setup(balances)({ userId: 'u', amount: 2.5 })).rejects.toBeInstanceOf(InvalidAmountError);
    expect(balances.writes).toHaveLength(0);
  });

  it('refuses an unknown user with USER_NOT_FOUND', async () => {
    await expect(setup(new FakeBalances(undefined))({ userId: 'u', amount: 1 })).rejects.toBeInstanceOf(UserNotFoundError);
  });

  describe('when the balance never stops changing', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('gives up with SERVICE_UNAVAILABLE after its attempt budget', async () => {
      const balances = new FakeBalances(0, [], Array(retryBudgets.balanceWrite.maxAttempts).fill(1));
      const charge = setup(balances)({ userId: 'u', amount: 1 });
      const settled = expect(charge).rejects.toBeInstanceOf(ServiceUnavailableError);
      await jest.runAllTimersAsync();
      await settled;
      expect(balances.writes).toHaveLength(retryBudgets.balanceWrite.maxAttempts);
    });
  });
});
