import { BalanceLimitExceededError, IdempotencyKeyReusedError, InvalidAmountError, UserNotFoundError } from '../../../../lambdas/domain/errors';
import type { IdempotencyRecord } from '../../../../lambdas/domain/idempotency';
import { hashRequestBody, idempotentOperations } from '../../../../lambdas/domain/idempotency';
import { chargeBalance } from '../../../../lambdas/use-cases/balance/charge-balance';
import type { BalanceChange, BalanceRepository, BalanceWriteOutcome } from '../../../../lambdas/use-cases/balance/ports';
import type { IdempotencyRecordReader } from '../../../../lambdas/use-cases/idempotency/ports';

const now = 1_700_000_000_000;

/** A balance that applies changes within its bounds, as the storage condition does. */
class FakeBalances implements BalanceRepository {
  public readonly writes: BalanceChange[] = [];
  public constructor(
    public balance: number | undefined,
    private readonly outcomes: BalanceWriteOutcome[] = [],
  ) {}

  public async findBalance(): Promise<number | undefined> {
    return this.balance;
  }

  public async applyCharge(write: BalanceChange): Promise<BalanceWriteOutcome> {
    this.writes.push(write);
    const planned = this.outcomes.shift();
    if (planned) return planned;
    if (this.balance === undefined) return { kind: 'userNotFound' };
    if (this.balance + write.entry.amount > 100_000_000) return { kind: 'outOfBounds', balance: this.balance };
    this.balance += write.entry.amount;
    return { kind: 'applied', balanceAfter: this.balance };
  }
}

class FakeRecords implements IdempotencyRecordReader {
  public constructor(private readonly records: Record<string, IdempotencyRecord> = {}) {}
  public async findRecord(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.records[`${userId}/${key}`];
  }
}

const setup = (balances: FakeBalances, records = new FakeRecords()) => {
  let id = 0;
  return chargeBalance({ balances, idempotencyRecords: records, clock: { now: () => now }, ids: { newId: () => `id-${++id}` } });
};

describe('chargeBalance', () => {
  it('writes the change without reading or guessing the balance, and answers the balance right after it', async () => {
    const balances = new FakeBalances(1_000);
    await expect(setup(balances)({ userId: 'u', amount: 500 })).resolves.toEqual({ userId: 'u', balance: 1_500, charged: 500 });
    expect(balances.writes).toEqual([
      { userId: 'u', entry: { entryId: 'id-1', userId: 'u', kind: 'CHARGE', amount: 500, at: new Date(now).toISOString() }, nowMs: now },
    ]);
  });

  it('records the response with the effect when an Idempotency-Key is given', async () => {
    const balances = new FakeBalances(0);
    const idempotency = { key: 'k', requestHash: hashRequestBody({ amount: 7 }) };
    await setup(balances)({ userId: 'u', amount: 7, idempotency });
    // The balance after the charge is filled in from the ledger when the record is read.
    expect(balances.writes[0]?.idempotency).toEqual({
      operation: idempotentOperations.charge,
      key: 'k',
      record: { requestHash: idempotency.requestHash, statusCode: 200, response: { userId: 'u', balance: null, charged: 7 } },
    });
  });

  it('refuses a charge past the cap with BALANCE_LIMIT_EXCEEDED, judged by the balance the write met', async () => {
    const balances = new FakeBalances(99_000_000, [{ kind: 'outOfBounds', balance: 99_500_001 }]);
    await expect(setup(balances)({ userId: 'u', amount: 500_000 })).rejects.toBeInstanceOf(BalanceLimitExceededError);
  });

  it('answers with the recorded response when a concurrent retry with the same key won', async () => {
    const requestHash = hashRequestBody({ amount: 5 });
    const recorded = { userId: 'u', balance: 5, charged: 5 };
    const records = new FakeRecords({ 'u/k': { requestHash, statusCode: 200, response: recorded } });
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded' }]);
    await expect(setup(balances, records)({ userId: 'u', amount: 5, idempotency: { key: 'k', requestHash } })).resolves.toEqual(recorded);
  });

  it('refuses the same key with another amount with IDEMPOTENCY_KEY_REUSED', async () => {
    const records = new FakeRecords({ 'u/k': { requestHash: hashRequestBody({ amount: 5 }), statusCode: 200, response: {} } });
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded' }]);
    const idempotency = { key: 'k', requestHash: hashRequestBody({ amount: 6 }) };
    await expect(setup(balances, records)({ userId: 'u', amount: 6, idempotency })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers a retry from the record its refused write returned, reading nothing', async () => {
    const requestHash = hashRequestBody({ amount: 5 });
    const recorded = { userId: 'u', balance: 5, charged: 5 };
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded', record: { requestHash, statusCode: 200, response: recorded } }]);
    const records = new FakeRecords();
    const read = jest.spyOn(records, 'findRecord');
    await expect(setup(balances, records)({ userId: 'u', amount: 5, idempotency: { key: 'k', requestHash } })).resolves.toEqual(recorded);
    expect(read).not.toHaveBeenCalled();
  });

  it('refuses the same key with another amount from the record its refused write returned', async () => {
    const record = { requestHash: hashRequestBody({ amount: 5 }), statusCode: 200, response: { userId: 'u', balance: null, charged: 5 } };
    const balances = new FakeBalances(5, [{ kind: 'alreadyRecorded', record }]);
    const idempotency = { key: 'k', requestHash: hashRequestBody({ amount: 6 }) };
    await expect(setup(balances)({ userId: 'u', amount: 6, idempotency })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers a retry from its record even when the charge would now be refused', async () => {
    const requestHash = hashRequestBody({ amount: 1_000_000 });
    const recorded = { userId: 'u', balance: 100_000_000, charged: 1_000_000 };
    const records = new FakeRecords({ 'u/k': { requestHash, statusCode: 200, response: recorded } });
    const balances = new FakeBalances(100_000_000);
    const retry = setup(balances, records)({ userId: 'u', amount: 1_000_000, idempotency: { key: 'k', requestHash } });
    await expect(retry).resolves.toEqual(recorded);
    expect(balances.balance).toBe(100_000_000);
  });

  it('refuses an invalid amount with INVALID_AMOUNT before reading anything', async () => {
    const balances = new FakeBalances(0);
    await expect(setup(balances)({ userId: 'u', amount: 2.5 })).rejects.toBeInstanceOf(InvalidAmountError);
    expect(balances.writes).toHaveLength(0);
  });

  it('refuses a user the table does not hold with 401 INVALID_TOKEN (their credential acts for nobody)', async () => {
    const charge = setup(new FakeBalances(undefined))({ userId: 'u', amount: 1 });
    await expect(charge).rejects.toBeInstanceOf(UserNotFoundError);
    await expect(charge).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });
});
