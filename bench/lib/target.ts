import type { HotKeyReport } from './hot-keys';

/** What a scenario needs of the service under test: its URL, its table, and the sweeper. */
export interface BenchTarget {
  readonly url: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  /** Runs the sweeper once now (admission, expiry), as the schedule would. */
  sweepNow(): Promise<void>;
  /** Present when the service counts writes per partition key (bench/lib/hot-keys.ts). */
  readonly hotKeys?: {
    start(): Promise<void>;
    report(): Promise<HotKeyReport>;
  };
}
