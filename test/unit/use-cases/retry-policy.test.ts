import { Deadline, DeadlineExceededError } from '../../../lambdas/domain/deadline';
import { ServiceUnavailableError } from '../../../lambdas/domain/errors';
import { runWithDeadline } from '../../../lambdas/use-cases/invocation-deadline';
import type { RetryBudget } from '../../../lambdas/use-cases/retry-policy';
import { pauseBefore, retry, tryAgain } from '../../../lambdas/use-cases/retry-policy';

const budget: RetryBudget = { name: 'test work', maxAttempts: 4, basePauseMs: 10, maxPauseMs: 25, attemptMs: 50 };

describe('retry', () => {
  it('returns the first result that is not tryAgain, after as many attempts as it took', async () => {
    const seen: number[] = [];
    const result = await retry(budget, async ({ number }) => {
      seen.push(number);
      return number < 3 ? tryAgain : 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up with 503 SERVICE_UNAVAILABLE after the budget, telling the last attempt it is the last', async () => {
    const lasts: boolean[] = [];
    await expect(
      retry(budget, async ({ last }) => {
        lasts.push(last);
        return tryAgain;
      }),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(lasts).toEqual([false, false, false, true]);
  });

  it('lets errors thrown by an attempt through without retrying', async () => {
    const attempt = jest.fn(async () => {
      throw new Error('refused');
    });
    await expect(retry(budget, attempt)).rejects.toThrow('refused');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('starts no attempt that could not finish before the deadline', async () => {
    const attempt = jest.fn(async () => 'never');
    await expect(retry(budget, attempt, { deadline: new Deadline(Date.now() + 49) })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(attempt).not.toHaveBeenCalled();
  });

  it('stops retrying when the pause and another attempt would not fit before the deadline', async () => {
    const now = jest.fn(() => 0);
    const attempt = jest.fn(async () => {
      now.mockReturnValue(60);
      return tryAgain;
    });
    const deadline = new Deadline(100);
    await expect(retry(budget, attempt, { deadline, now, random: () => 0 })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the request is answered during a pause', async () => {
    const deadline = new Deadline(Date.now() + 60_000);
    const slow: RetryBudget = { ...budget, basePauseMs: 10_000, maxPauseMs: 10_000 };
    const attempt = jest.fn(async () => tryAgain);
    const running = retry(slow, attempt, { deadline, random: () => 1 });
    setTimeout(() => deadline.end('answered'), 20);
    await expect(running).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it("follows the invocation's deadline when none is given", async () => {
    const deadline = new Deadline(Date.now() + 60_000);
    deadline.end('answered');
    const attempt = jest.fn(async () => 'never');
    await expect(runWithDeadline(deadline, () => retry(budget, attempt))).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(attempt).not.toHaveBeenCalled();
  });
});

describe('pauseBefore', () => {
  it('draws the pause from zero up to a ceiling that doubles per attempt and is capped', () => {
    expect(pauseBefore(budget, 1, () => 1)).toBe(10);
    expect(pauseBefore(budget, 2, () => 1)).toBe(20);
    expect(pauseBefore(budget, 3, () => 1)).toBe(25);
    expect(pauseBefore(budget, 3, () => 0.5)).toBe(12.5);
    expect(pauseBefore(budget, 1, () => 0)).toBe(0);
  });
});
