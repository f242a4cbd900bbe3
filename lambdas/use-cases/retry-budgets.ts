import { deadlineRules } from '../domain/deadline';
import type { RetryBudget } from './retry-policy';

/*
 * Every retry loop of the service, by name: the one place to read or tune how hard each kind of work tries. Used
 * as `import * as retryBudgets from './retry-budgets'`; one export per budget, so that a function bundles only
 * the budgets it uses.
 */

// Read once into a plain constant: esbuild counts a property read as a possible side effect, and would keep every
// budget that reads `deadlineRules.minStorageCallMs` itself in each bundle that imports this module, used or not.
const { minStorageCallMs } = deadlineRules;
const readWriteRound = 2 * minStorageCallMs;

/**
 * A same-user balance change that met another transaction in flight on the user item (on AWS: TransactionConflict;
 * DynamoDB serializes the rest). Many attempts with short pauses: the deadline ends it first.
 */
export const balanceWrite: RetryBudget = { name: 'balance write', maxAttempts: 40, basePauseMs: 5, maxPauseMs: 100, attemptMs: minStorageCallMs };
/** Forgetting a completed change's pending attributes while other changes of the same balance are in flight. */
export const balanceCompletion: RetryBudget = { name: 'balance completion', maxAttempts: 10, basePauseMs: 5, maxPauseMs: 100, attemptMs: minStorageCallMs };
/** A seat hold whose user counter was created or changed concurrently. */
export const seatHold: RetryBudget = { name: 'seat hold', maxAttempts: 3, basePauseMs: 5, maxPauseMs: 50, attemptMs: readWriteRound };
/** Ending a hold (release, cancel) whose reservation or seat moved under it. */
export const holdEnding: RetryBudget = { name: 'hold ending', maxAttempts: 4, basePauseMs: 5, maxPauseMs: 50, attemptMs: readWriteRound };
/** A poll racing an admission, a death or another poll of the same token. */
export const queuePoll: RetryBudget = { name: 'queue poll', maxAttempts: 3, basePauseMs: 5, maxPauseMs: 50, attemptMs: readWriteRound };
/** Leaving while the token is being admitted or polled. */
export const queueLeave: RetryBudget = { name: 'queue leave', maxAttempts: 3, basePauseMs: 5, maxPauseMs: 50, attemptMs: readWriteRound };
/** Issuing a token while the room or the user's lock changes: a read, the place claim (first round) and the write. */
export const queueIssue: RetryBudget = { name: 'queue token issue', maxAttempts: 4, basePauseMs: 5, maxPauseMs: 50, attemptMs: 3 * minStorageCallMs };
/** One TransactWriteItems that conflicted with another transaction or was throttled. */
export const transaction: RetryBudget = { name: 'transaction', maxAttempts: 5, basePauseMs: 50, maxPauseMs: 800, attemptMs: minStorageCallMs };
/** Keys a BatchGetItem left unprocessed (throttling). */
export const batchRead: RetryBudget = { name: 'batch read', maxAttempts: 6, basePauseMs: 40, maxPauseMs: 1_280, attemptMs: minStorageCallMs };
/** Items a BatchWriteItem left unprocessed (admin: creating a concert). */
export const batchWrite: RetryBudget = { name: 'batch write', maxAttempts: 9, basePauseMs: 50, maxPauseMs: 6_400, attemptMs: minStorageCallMs };
