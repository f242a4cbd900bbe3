import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table, defined once. The CDK stack (lib/) and the local bootstrap (createTableInput)
 * both read this object, so DynamoDB Local and AWS always have the same keys, indexes, TTL and stream.
 * Every access pattern is listed in docs/data-model.md.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  /**
   * New images of changed items, for the outbox: the hold-release scheduler reads placed holds (new reservation
   * items) from the stream instead of the hold request sending to SQS itself.
   */
  streamViewType: 'NEW_IMAGE',
  indexes: {
    /** All concerts, newest first: one small, rarely written partition. */
    concertCatalog: { partitionKey: 'catalogPk', sortKey: 'catalogSk', sortKeyType: 'S', projection: 'ALL' },
    /**
     * WAITING tokens of one room shard in ticket order. Sparse (admission REMOVEs the keys) and KEYS_ONLY
     * so that polls, which rewrite lastPolledAt on the token, never write to the index.
     */
    waitingLine: { partitionKey: 'linePk', sortKey: 'lineSk', sortKeyType: 'S', projection: 'KEYS_ONLY' },
    /**
     * Everything with a deadline (ACTIVE tokens, idle WAITING tokens, HELD reservations), sharded,
     * sorted by epoch-millisecond deadline. The sweeper queries `expiresAt <= now` per shard.
     */
    expiry: { partitionKey: 'expiryPk', sortKey: 'expiresAt', sortKeyType: 'N', projection: 'KEYS_ONLY' },
    /**
     * Each user's reservations, newest first (GET /reservations): one partition per user, sorted by creation time.
     * ALL, so a page is one Query with no reads behind it; reservations change a few times in their life.
     */
    userReservations: { partitionKey: 'ownerPk', sortKey: 'ownerSk', sortKeyType: 'S', projection: 'ALL' },
  },
} as const;

export type IndexName = keyof typeof tableDefinition.indexes;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/**
 * Primary keys of the entities that have no module of their own in entities/ yet (each entity module spells its own
 * keys). Nothing else in the code base spells a key.
 */
export const keys = {
  /** Per-concert admission state (active count, served count); written only on admission and release. */
  room: (concertId: string): ItemKey => ({ pk: `ROOM#${concertId}`, sk: 'ROOM' }),
  /**
   * Admissions of a room in one 10-second bucket, in a partition of their own (not the room item's, which the same
   * admission transaction already writes), so one Query reads the last minute's buckets.
   */
  roomAdmissions: (concertId: string, bucket: number): ItemKey => ({ pk: `ROOM#${concertId}#ADMITTED`, sk: `ADMITTED#${String(bucket).padStart(12, '0')}` }),
  /** `gone` counters (waiters who left, places never used), one partition each, so that leaving spreads over `queueShards` items. */
  roomShard: (concertId: string, shard: number): ItemKey => ({ pk: `ROOM#${concertId}#SHARD#${shard}`, sk: 'SHARD' }),
  /**
   * One row of a room's places (`placesPerRow` of them, docs/scaling.md): each place is handed out by an atomic ADD on
   * its row. Each row is a partition of its own, so the issue rate is spread over the rows instead of one key taking it.
   */
  placeRow: (concertId: string, row: number): ItemKey => ({ pk: `ROOM#${concertId}#PLACES#${row}`, sk: 'ROW' }),
  /**
   * The row a room's next places are in (written once per row, by the claim that filled the row before it), so an
   * instance that knows nothing of the room starts its claim there instead of walking full rows. It keeps the partition key the
   * rows had before they got one each (`ROW#<row>` sort keys), where a room's older rows may still be.
   */
  placeFrontier: (concertId: string): ItemKey => ({ pk: `ROOM#${concertId}#PLACES`, sk: 'FRONTIER' }),
  /** Fixed item the health check reads to prove the table answers. */
  healthProbe: (): ItemKey => ({ pk: 'HEALTH', sk: 'HEALTH' }),
} as const;

/** Index key values, derived here only. */
export const indexKeys = {
  expiry: (shard: number, expiresAtMs: number) => ({ expiryPk: expiryPartition(shard), expiresAt: expiresAtMs }),
  expiryPartition: (shard: number) => expiryPartition(shard),
} as const;

/** Shards of the expiry index: enough to keep each index partition far below 1,000 writes/s. */
export const expiryShardCount = 16;

function expiryPartition(shard: number): string {
  return `EXPIRY#${shard}`;
}

/** Seconds-since-epoch for DynamoDB TTL: deleted eventually, never relied on for correctness. */
export const ttlAfter = (nowMs: number, seconds: number): number => Math.floor(nowMs / 1000) + seconds;

/** How long finished items (dead tokens, ended holds, idempotency records) are kept before TTL deletes them. */
export const retentionSeconds = { deadToken: 24 * 3600, endedReservation: 30 * 24 * 3600, idempotency: 24 * 3600 } as const;

const attributeType = (name: string): 'S' | 'N' => {
  for (const index of Object.values(tableDefinition.indexes)) {
    if (index.sortKey === name) return index.sortKeyType;
  }
  return 'S';
};

/** CreateTable input for DynamoDB Local, from the same definition the CDK stack uses. */
export const createTableInput = (tableName: string): CreateTableCommandInput => {
  const indexes = Object.entries(tableDefinition.indexes);
  const keyAttributes = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...indexes.flatMap(([, index]) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: attributeType(name) })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([indexName, index]) => ({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
  };
};
