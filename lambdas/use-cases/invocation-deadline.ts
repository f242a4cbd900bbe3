import { AsyncLocalStorage } from 'node:async_hooks';
import { Deadline } from '../domain/deadline';

/**
 * The deadline of the invocation being served, carried along its async calls: the HTTP route sets it from the
 * Lambda context, and the retry policy and the storage client read it, so every use case and every storage call
 * of a request obeys the same deadline without each port repeating a parameter. Outside an invocation (admin
 * tools, tests calling a use case directly) there is no deadline.
 */
const invocation = new AsyncLocalStorage<Deadline>();
const noDeadline = Deadline.unbounded();

export const runWithDeadline = <T>(deadline: Deadline, work: () => Promise<T>): Promise<T> => invocation.run(deadline, work);

export const currentDeadline = (): Deadline => invocation.getStore() ?? noDeadline;
