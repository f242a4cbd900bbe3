import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localClientConfig } from './dynamodb-local';
import type { EventFilterPattern } from './event-filter';
import { assertSupportedEventFilter, matchesEventFilter } from './event-filter';

export type StreamConsumer = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface TableStreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The event filters of the function's event source mapping on AWS: a record passing any of them is delivered. */
  readonly filterPatterns: readonly EventFilterPattern[];
  readonly consume: StreamConsumer;
  readonly reportError: (message: string, error?: unknown) => void;
  readonly batchSize: number;
  /** Redeliveries of a failing record before it is given up, as the mapping's retry attempts. */
  readonly retryAttempts: number;
  readonly intervalMs?: number;
  /**
   * When the write a record reports was made (ms), for `lag()`. DynamoDB Local rounds a record's
   * ApproximateCreationDateTime down to the minute, so an age taken from it reads 0–60 s too long; the item's own
   * timestamps say it to the millisecond. Without it (or when it answers undefined) the creation time is used.
   */
  readonly writtenAtMsOf?: (record: DynamoDBRecord) => number | undefined;
}

export interface TableStreamPoller {
  /** How far behind the table the consumer ran: the delivered records' age when handed over. */
  lag(): StreamLag;
  stop(): Promise<void>;
}

export interface StreamLag {
  readonly delivered: number;
  /** Age of a delivered record when handed over (now − `writtenAtMsOf`, else its creation time, whole minutes on DynamoDB Local), in ms. */
  readonly maxMs: number;
  readonly meanMs: number;
}

/**
 * Records asked for per GetRecords: the most DynamoDB allows, as Lambda's event source mapping reads. Every write
 * of the table is on the stream (polls too) and the filter runs after the read, so a read of only `batchSize`
 * records per call falls behind a busy table: DynamoDB Local answers a GetRecords in about 0.4–1 s whatever its
 * size, so 100 per call drained about 150 records/s, less than a flash sale writes, and admission waited for the
 * sweeper behind that lag.
 */
const recordsPerRead = 1000;

interface ShardReader {
  readonly shardId: string;
  /** Where reading began: a resume before any record was read starts there again. */
  readonly startAt: 'LATEST' | 'TRIM_HORIZON';
  iterator: string | undefined;
  /** Set after a failed read: the next poll asks for a new iterator after `lastSequenceNumber`. */
  resume: boolean;
  lastSequenceNumber: string | undefined;
  /** Matching records not yet consumed, handed over `batchSize` at a time; nothing newer is read until they are (stream order, as on AWS). */
  pending: DynamoDBRecord[];
  /** Deliveries of the batch at the head of `pending` so far. */
  attempts: number;
}

/** Shards are looked up again every this many polls: DynamoDB rolls a stream over to new shards over time. */
const pollsPerShardDiscovery = 10;

/** The SDK's record as Lambda delivers it: the same JSON, except the creation time in epoch seconds. */
const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
    },
  };
};

const sequenceNumberOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

/**
 * What Lambda's event source mapping does on AWS, for the local server: reads the table's stream on DynamoDB
 * Local, keeps the records that pass the function's event filter, and hands them in batches to the same handler.
 * A batch is delivered again from its first failed record (a handler that throws fails the whole batch); a
 * record still failing after `retryAttempts` redeliveries is given up alone, as bisecting isolates it on AWS.
 * Resolves once it reads the stream, so writes made afterwards are seen.
 */
export const startTableStreamPoller = async (options: TableStreamPollerOptions): Promise<TableStreamPoller> => {
  const { batchSize, retryAttempts, intervalMs = 200 } = options;
  for (const pattern of options.filterPatterns) assertSupportedEventFilter(pattern);
  // A bounded request time, so that stop() never waits on a call DynamoDB Local does not answer.
  const streams = new DynamoDBStreamsClient({ ...localClientConfig(options.endpoint), requestHandler: { requestTimeout: 5_000 } });
  const known = new Set<string>();
  const readers: ShardReader[] = [];
  let streamArn: string;

  /** At start only open shards are read, from their tip; shards that appear later are read from their start. */
  const discoverShards = async (atStart: boolean): Promise<void> => {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId!;
        if (known.has(shardId)) continue;
        known.add(shardId);
        if (atStart && shard.SequenceNumberRange?.EndingSequenceNumber) continue;
        const startAt = atStart ? 'LATEST' : 'TRIM_HORIZON';
        const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: startAt }));
        readers.push({ shardId, startAt, iterator: ShardIterator, resume: false, lastSequenceNumber: undefined, pending: [], attempts: 0 });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  const lag = { delivered: 0, maxMs: 0, totalMs: 0 };
  const noteLag = (batch: readonly DynamoDBRecord[]): void => {
    const now = Date.now();
    for (const record of batch) {
      const created = record.dynamodb?.ApproximateCreationDateTime;
      const writtenAtMs = options.writtenAtMsOf?.(record) ?? (created === undefined ? undefined : created * 1000);
      if (writtenAtMs === undefined) continue;
      const ageMs = Math.max(0, now - writtenAtMs);
      lag.delivered += 1;
      lag.totalMs += ageMs;
      lag.maxMs = Math.max(lag.maxMs, ageMs);
    }
  };

  const deliverPending = async (reader: ShardReader): Promise<void> => {
    reader.attempts += 1;
    const batch = reader.pending.slice(0, batchSize);
    if (reader.attempts === 1) noteLag(batch);
    let firstFailed: number;
    try {
      const { batchItemFailures } = await options.consume({ Records: batch });
      const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
      firstFailed = batch.findIndex((record) => failed.has(sequenceNumberOf(record)));
      // A failure naming no record of the batch fails all of it, as on Lambda.
      if (firstFailed === -1 && batchItemFailures.length > 0) firstFailed = 0;
    } catch (error) {
      options.reportError('the stream consumer failed; the batch will be delivered again', error);
      firstFailed = 0;
    }
    if (firstFailed === -1) {
      reader.pending = reader.pending.slice(batch.length);
      reader.attempts = 0;
      return;
    }
    reader.pending = reader.pending.slice(firstFailed);
    if (reader.attempts > retryAttempts) {
      options.reportError(`dropping stream record ${sequenceNumberOf(reader.pending[0]!)} after ${reader.attempts} failed deliveries`);
      reader.pending = reader.pending.slice(1);
      reader.attempts = 0;
    }
  };

  /** Reads the shard's next records; answers how many it read (before filtering). */
  const read = async (reader: ShardReader): Promise<number> => {
    if (reader.resume) {
      const position = reader.lastSequenceNumber
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: reader.lastSequenceNumber }
        : { ShardIteratorType: reader.startAt };
      ({ ShardIterator: reader.iterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: reader.shardId, ...position })));
      reader.resume = false;
    }
    if (!reader.iterator) return 0;
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: recordsPerRead }));
    } catch (error) {
      // An expired iterator, or DynamoDB Local busy: carry on after the last record read, without replaying.
      reader.resume = true;
      throw error;
    }
    const { Records = [], NextShardIterator } = result;
    reader.iterator = NextShardIterator;
    const last = Records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) reader.lastSequenceNumber = last;
    reader.pending = Records.map((record) => toLambdaRecord(record, streamArn)).filter((record) => options.filterPatterns.some((pattern) => matchesEventFilter(pattern, record)));
    return Records.length;
  };

  /** True when the shard may have more to give at once: it read records, or delivered a batch and has more left (a failed batch waits). */
  const poll = async (reader: ShardReader): Promise<boolean> => {
    let readCount = 0;
    if (reader.pending.length === 0) readCount = await read(reader);
    if (reader.pending.length > 0) await deliverPending(reader);
    return readCount > 0 || (reader.pending.length > 0 && reader.attempts === 0);
  };

  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async (): Promise<void> => {
    for (let polls = 1; !stopped; polls += 1) {
      if (polls % pollsPerShardDiscovery === 0) await discoverShards(false).catch((error) => options.reportError('could not list stream shards', error));
      // A shard behind the table is read again at once, as Lambda keeps polling a busy shard; an idle one waits.
      let busy = false;
      for (const reader of [...readers]) {
        try {
          busy = (await poll(reader)) || busy;
        } catch (error) {
          options.reportError(`could not read stream shard ${reader.shardId}`, error);
        }
        // A closed shard that is fully consumed is done; its children are found by the next discovery.
        if (!reader.iterator && !reader.resume && reader.pending.length === 0) readers.splice(readers.indexOf(reader), 1);
      }
      if (!stopped && !busy) await sleep();
    }
  };

  try {
    streamArn = await latestStreamArn(options.endpoint, options.tableName);
    await discoverShards(true);
  } catch (error) {
    streams.destroy();
    throw error;
  }
  const running = loop();
  return {
    lag: () => ({ delivered: lag.delivered, maxMs: lag.maxMs, meanMs: Math.round(lag.totalMs / Math.max(1, lag.delivered)) }),
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      streams.destroy();
    },
  };
};

const latestStreamArn = async (endpoint: string, tableName: string): Promise<string> => {
  const db = new DynamoDBClient(localClientConfig(endpoint));
  try {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`table ${tableName} has no stream`);
    return Table.LatestStreamArn;
  } finally {
    db.destroy();
  }
};
