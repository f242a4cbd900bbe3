import type { HotKeyReport } from './hot-keys';

/** What a scenario needs of the service under test: its URL, its table, and the sweeper. */
export interface BenchTarget {
  readonly url: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  /** Runs the sweeper once now (admission, expiry), as the schedule would. */
  sweepNow(): Promise<void>;
  /** How far behind the table the admission events ran (the local stream poller), when the target can tell. */
  streamLag?(): Promise<{ readonly delivered: number; readonly maxMs: number; readonly meanMs: number } | undefined>;
  /** Present when the service counts writes per partition key (bench/lib/hot-keys.ts). */
  readonly hotKeys?: {
    start(): Promise<void>;
    report(): Promise<HotKeyReport>;
  };
}
