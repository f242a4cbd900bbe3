/** Ports every use case may need. Tests pass fixed clocks and ids; adapters/system.ts has the real ones. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface IdGenerator {
  newId(): string;
}

/** One page of a user's history, newest first; `nextCursor` (opaque) asks for the next page, null on the last. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Every history list answers pages of this size (the contract's 20). */
export const historyPageSize = 20;
