/** Ports every use case may need. Tests pass fixed clocks and ids; adapters/system.ts has the real ones. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface IdGenerator {
  newId(): string;
}
