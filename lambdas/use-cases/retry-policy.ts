import type { Deadline } from '../domain/deadline';
import { DeadlineExceededError } from '../domain/deadline';
import { ServiceUnavailableError } from '../domain/errors';
import { currentDeadline } from './invocation-deadline';

/**
 * How one kind of work retries: at most `maxAttempts` attempts, pauses drawn uniformly from
 * [0, min(maxPauseMs, basePauseMs × 2^(n−1))] after the n-th ("full jitter", so contenders spread out instead of
 * colliding again in step), and no attempt starts unless `attemptMs` (its reads and writes at their slowest
 * healthy pace) fits before the deadline.
 */
export interface RetryBudget {
  readonly name: string;
  readonly maxAttempts: number;
  readonly basePauseMs: number;
  readonly maxPauseMs: number;
  readonly attemptMs: number;
}

/** What an attempt returns when it lost a race and should be tried again (after a pause). */
export const tryAgain: unique symbol = Symbol('tryAgain');

export interface AttemptInfo {
  /** 1 for the first attempt. */
  readonly number: number;
  /** No further attempt will follow this one (budget or deadline): a loop that must end may decide differently. */
  readonly last: boolean;
}

export interface RetryOptions {
  /** Defaults to the invocation's deadline. */
  readonly deadline?: Deadline;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** The pause after the `attempt`-th lost attempt. */
export const pauseBefore = (budget: RetryBudget, attempt: number, random: () => number = Math.random): number =>
  random() * Math.min(budget.maxPauseMs, budget.basePauseMs * 2 ** Math.min(attempt - 1, 20));

/** Waits `ms`, or rejects with the deadline's reason as soon as the request ends. */
const pause = (ms: number, deadline: Deadline): Promise<void> =>
  new Promise((resolve, reject) => {
    const { signal } = deadline;
    if (signal.aborted) return reject(signal.reason as Error);
    // Work without a deadline never ends early (and many of its pauses would pile listeners on one signal).
    if (!Number.isFinite(deadline.answerAtMs)) return void setTimeout(resolve, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `attempt` until it returns something other than `tryAgain`, within `budget` and the deadline. Past the
 * budget: 503 ServiceUnavailableError. When the next attempt (with its pause) could not finish before the
 * deadline, or the request was already answered: DeadlineExceededError (also a 503), without starting it.
 * Errors thrown by an attempt pass through untouched.
 */
export const retry = async <T>(
  budget: RetryBudget,
  attempt: (info: AttemptInfo) => Promise<T | typeof tryAgain>,
  options: RetryOptions = {},
): Promise<T> => {
  const deadline = options.deadline ?? currentDeadline();
  const now = options.now ?? Date.now;
  deadline.ensure(budget.attemptMs, now(), budget.name);
  for (let number = 1; ; number += 1) {
    const last = number >= budget.maxAttempts || !deadline.allows(2 * budget.attemptMs, now());
    const result = await attempt({ number, last });
    if (result !== tryAgain) return result;
    if (number >= budget.maxAttempts) throw new ServiceUnavailableError(`${budget.name}: contention outlived ${number} attempts`);
    const pauseMs = pauseBefore(budget, number, options.random);
    if (!deadline.allows(pauseMs + budget.attemptMs, now())) throw new DeadlineExceededError(`another ${budget.name} attempt`);
    await pause(pauseMs, deadline);
  }
};
