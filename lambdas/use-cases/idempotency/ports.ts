import type { IdempotencyRecord, IdempotentOperation } from '../../domain/idempotency';

/** The record a keyed request writes, in its effect's own transaction (or right after it, see IdempotencyRecordWriter). */
export interface IdempotencyRecordWrite {
  readonly operation: IdempotentOperation;
  readonly key: string;
  readonly record: IdempotencyRecord;
}

export interface IdempotencyRecordReader {
  /**
   * The user's record of `key`, whichever operation wrote it (its hash tells). Strongly consistent: a record written
   * a moment ago by a concurrent request is found.
   */
  findRecord(userId: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** For an effect whose transaction cannot carry the record (issuing a queue token): the record goes in on its own. */
export interface IdempotencyRecordWriter {
  /** Puts the record unless the key already has one (then false: a concurrent request with the key won). */
  putRecord(userId: string, write: IdempotencyRecordWrite, nowMs: number): Promise<boolean>;
}
