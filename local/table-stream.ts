import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localClientConfig } from './dynamodb-local';
import type { EventFilterPattern } from './event-filter';
import { matchesEventFilter } from './event-filter';

export type StreamConsumer = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface TableStreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The event filter of the function's event source mapping on AWS. */
  readonly filterPattern: EventFilterPattern;
  readonly consume: StreamConsumer;
  readonly reportError: (message: string, error?: unknown) => void;
  readonly batchSize?: number;
  readonly intervalMs?: number;
  /** Deliveries of a batch that keeps failing before its records are dropped, as Lambda's retry attempts. */
  readonly maxAttempts?: number;
}

export interface TableStreamPoller {
  stop(): Promise<void>;
}

interface ShardReader {
  readonly shardId: string;
  iterator: string | undefined;
  /** Matching records not yet consumed; nothing newer is read until they are (stream order, as on AWS). */
  pending: DynamoDBRecord[];
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

/**
 * What Lambda's event source mapping does on AWS, for the local server: reads the table's stream on DynamoDB
 * Local, keeps the records that pass the function's event filter, and hands them in batches to the same handler.
 * A batch is delivered again from its first failed record up to `maxAttempts` times, then dropped, as Lambda does
 * with its retry attempts. Resolves once it reads the stream, so writes made afterwards are seen.
 */
export const startTableStreamPoller = async (options: TableStreamPollerOptions): Promise<TableStreamPoller> => {
  const { batchSize = 100, intervalMs = 200, maxAttempts = 3 } = options;
  const db = new DynamoDBClient(localClientConfig(options.endpoint));
  const streams = new DynamoDBStreamsClient(localClientConfig(options.endpoint));
  const { Table } = await db.send(new DescribeTableCommand({ TableName: options.tableName }));
  db.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);

  const known = new Set<string>();
  const readers: ShardReader[] = [];

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
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: atStart ? 'LATEST' : 'TRIM_HORIZON' }),
        );
        readers.push({ shardId, iterator: ShardIterator, pending: [], attempts: 0 });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  const deliverPending = async (reader: ShardReader): Promise<void> => {
    reader.attempts += 1;
    const { batchItemFailures } = await options.consume({ Records: reader.pending });
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    const firstFailed = reader.pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
    if (firstFailed === -1) {
      reader.pending = [];
    } else if (reader.attempts >= maxAttempts) {
      options.reportError(`dropping ${reader.pending.length - firstFailed} stream records after ${maxAttempts} failed deliveries`);
      reader.pending = [];
    } else {
      reader.pending = reader.pending.slice(firstFailed);
      return;
    }
    reader.attempts = 0;
  };

  const poll = async (reader: ShardReader): Promise<void> => {
    if (reader.pending.length > 0) return deliverPending(reader);
    if (!reader.iterator) return;
    const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: batchSize }));
    reader.iterator = NextShardIterator;
    reader.pending = Records.map((record) => toLambdaRecord(record, streamArn)).filter((record) => matchesEventFilter(options.filterPattern, record));
    if (reader.pending.length > 0) await deliverPending(reader);
  };

  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    for (let polls = 1; !stopped; polls += 1) {
      if (polls % pollsPerShardDiscovery === 0) await discoverShards(false).catch((error) => options.reportError('could not list stream shards', error));
      for (const reader of [...readers]) {
        let done: boolean;
        try {
          await poll(reader);
          // A closed shard that is fully consumed is done; its children are found by the next discovery.
          done = !reader.iterator && reader.pending.length === 0;
        } catch (error) {
          // An expired or trimmed iterator: the next discovery reads the shard again from its start (releases
          // tolerate duplicates).
          options.reportError(`could not read stream shard ${reader.shardId}`, error);
          known.delete(reader.shardId);
          done = true;
        }
        if (done) readers.splice(readers.indexOf(reader), 1);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs).unref();
      });
    }
  };

  await discoverShards(true);
  const running = loop();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      streams.destroy();
    },
  };
};
