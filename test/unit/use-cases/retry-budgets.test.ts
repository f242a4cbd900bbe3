import * as retryBudgets from '../../../lambdas/use-cases/retry-budgets';

describe('retry budgets', () => {
  it('names every budget the service retries with, each allowing an attempt and pauses that grow', () => {
    const budgets = Object.values(retryBudgets);
    expect(budgets.length).toBeGreaterThanOrEqual(10);
    for (const named of budgets) {
      expect(named.maxAttempts).toBeGreaterThanOrEqual(1);
      expect(named.maxPauseMs).toBeGreaterThanOrEqual(named.basePauseMs);
      expect(named.name.length).toBeGreaterThan(0);
    }
  });
});
