/**
 * A balance write is computed from the balance read before it and applies only if that balance is unchanged.
 * Each round one of the competing writers of one balance wins and the others recompute from the balance they
 * lost to, so n concurrent changes of one balance take up to n rounds; jittered, growing pauses spread them out.
 * Past the budget the request ends in 503 and the client may retry.
 */
export const balanceContention = { maxAttempts: 100, basePauseMs: 4, maxPauseMs: 100 } as const;

export const pauseAfterLostRound = (attempt: number): Promise<void> => {
  const ceiling = Math.min(balanceContention.maxPauseMs, balanceContention.basePauseMs * 2 ** Math.min(attempt, 10));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
};
