import { setMaxListeners } from 'node:events';
import { ServiceUnavailableError, withoutStackTrace } from './errors';

/**
 * The time rules of a request. The caller gets an answer at `answerAtMs` whatever happens (a 503 when the work is
 * not done by then); no storage call or retry round starts unless it can finish before that, and nothing starts
 * once the answer was sent.
 */
export const deadlineRules = {
  /** The answer is due this long before the function's own time runs out (room to log and send it). */
  answerMarginMs: 100,
  /** The least time a storage call is given: with less left it does not start. */
  minStorageCallMs: 150,
  /** The most a storage call is expected to need, however slow the recent ones were. */
  maxExpectedCallMs: 1_000,
} as const;

/** Raised instead of starting work that could not finish before the answer is due, or after it was sent. */
export class DeadlineExceededError extends ServiceUnavailableError {
  public constructor(what: string) {
    super(`out of time before ${what}`);
  }
}

/**
 * One request's deadline. `signal` aborts when the request was answered (or its deadline passed): storage calls
 * in flight are abandoned and no new work starts.
 */
export class Deadline {
  private readonly controller = new AbortController();

  public constructor(
    /** Epoch ms at which the answer is due; Infinity for work nobody waits on (admin tools, tests). */
    public readonly answerAtMs: number,
  ) {
    // Every storage call in flight listens on the signal itself (to abort its socket), and a request may run many
    // at once: more than Node's default of 10 is not a leak.
    setMaxListeners(0, this.controller.signal);
  }

  /** A deadline `remainingMs` from `nowMs` (a Lambda's `getRemainingTimeInMillis()`), minus the answer margin. */
  public static fromRemaining(remainingMs: number, nowMs: number): Deadline {
    return new Deadline(nowMs + remainingMs - deadlineRules.answerMarginMs);
  }

  public static unbounded(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY);
  }

  public get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the answer was sent or the deadline passed: from then on nothing starts. */
  public get ended(): boolean {
    return this.controller.signal.aborted;
  }

  public remainingMs(nowMs: number): number {
    return this.answerAtMs - nowMs;
  }

  /** Whether work expected to take `workMs` may start now: the request is not over and it fits before the answer. */
  public allows(workMs: number, nowMs: number): boolean {
    return !this.ended && nowMs + workMs <= this.answerAtMs;
  }

  /** Throws DeadlineExceededError unless `allows(workMs)`; `what` names the work for the logs. */
  public ensure(workMs: number, nowMs: number, what: string): void {
    if (!this.allows(workMs, nowMs)) throw new DeadlineExceededError(what);
  }

  /**
   * The request was answered (or ran out of time): abort what is in flight and start nothing more. Every request
   * ends this way, so the abort reason is built without a stack trace (it would only point here).
   */
  public end(reason: 'answered' | 'expired'): void {
    if (this.ended) return;
    this.controller.abort(withoutStackTrace(() => new DeadlineExceededError(reason === 'answered' ? 'anything after the answer' : 'the deadline')));
  }
}
