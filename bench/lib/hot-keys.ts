/**
 * Counts writes per partition key per second, from the commands the service's DynamoDB clients send
 * (`observeFutureClients`). One write = one item written: a transaction of five items counts five.
 */

type AttributeValue = { S?: string } | string | undefined;
type Input = Record<string, unknown>;

/** Write commands, by the names the SDK middleware sees (low-level and document client). */
const writeCommands = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
]);

/** The input may be marshalled (`{ S: 'x' }`) or not yet (document client): accept both. */
const stringOf = (value: AttributeValue): string | undefined => (typeof value === 'string' ? value : value?.S);
const pkOf = (record: unknown): string | undefined => stringOf((record as { pk?: AttributeValue } | undefined)?.pk);

/** Partition keys an input writes, once per item written (ConditionCheck items are reads). */
export const writtenPartitionKeys = (commandName: string, input: Input): string[] => {
  if (!writeCommands.has(commandName)) return [];
  if (commandName.startsWith('Put')) return [pkOf(input.Item)].filter((pk): pk is string => pk !== undefined);
  if (commandName.startsWith('Update') || commandName.startsWith('Delete')) return [pkOf(input.Key)].filter((pk): pk is string => pk !== undefined);
  if (commandName.startsWith('TransactWrite')) {
    const items = (input.TransactItems ?? []) as { Put?: { Item?: unknown }; Update?: { Key?: unknown }; Delete?: { Key?: unknown } }[];
    return items.map((item) => pkOf(item.Put?.Item) ?? pkOf(item.Update?.Key) ?? pkOf(item.Delete?.Key)).filter((pk): pk is string => pk !== undefined);
  }
  const requests = Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[]>).flat();
  return requests.map((request) => pkOf(request.PutRequest?.Item) ?? pkOf(request.DeleteRequest?.Key)).filter((pk): pk is string => pk !== undefined);
};

/** Ids, dates and shard numbers replaced by placeholders, so keys of one kind read alike: `ROOM#<id>#SHARD#<n>`. */
export const keyPattern = (pk: string): string =>
  pk
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}/g, '<date>')
    .replace(/#\d+$/, '#<n>');

export interface HotKey {
  readonly pk: string;
  readonly pattern: string;
  readonly writes: number;
  /** Most writes to this key within one wall-clock second. */
  readonly peakPerSecond: number;
}

/** All keys of one kind together. */
export interface KeyKind {
  readonly pattern: string;
  readonly keys: number;
  readonly writes: number;
  /** The busiest key of this kind. */
  readonly busiest: HotKey;
}

export interface HotKeyReport {
  readonly seconds: number;
  readonly totalWrites: number;
  /** Most writes to the whole table within one second. */
  readonly peakTableWritesPerSecond: number;
  readonly distinctKeys: number;
  /** Busiest keys by peak writes/s. */
  readonly busiest: readonly HotKey[];
  /** Per kind of key, busiest first, so that e.g. seat partitions show even when the room dominates. */
  readonly kinds: readonly KeyKind[];
}

export class HotKeyCounter {
  private readonly buckets = new Map<number, Map<string, number>>();
  private recording = false;

  /** The observer to hand to `observeFutureClients` before the handlers create their clients. */
  public readonly observe = (commandName: string, input: Input): void => {
    if (!this.recording) return;
    const keys = writtenPartitionKeys(commandName, input);
    if (keys.length === 0) return;
    const second = Math.floor(Date.now() / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) this.buckets.set(second, (bucket = new Map()));
    for (const pk of keys) bucket.set(pk, (bucket.get(pk) ?? 0) + 1);
  };

  /** Forgets what was counted and counts from now on. */
  public start(): void {
    this.buckets.clear();
    this.recording = true;
  }

  public stop(): void {
    this.recording = false;
  }

  public report(top = 10): HotKeyReport {
    const totals = new Map<string, { writes: number; peak: number }>();
    let peakTable = 0;
    let totalWrites = 0;
    for (const bucket of this.buckets.values()) {
      let inSecond = 0;
      for (const [pk, count] of bucket) {
        const total = totals.get(pk) ?? { writes: 0, peak: 0 };
        total.writes += count;
        total.peak = Math.max(total.peak, count);
        totals.set(pk, total);
        inSecond += count;
      }
      peakTable = Math.max(peakTable, inSecond);
      totalWrites += inSecond;
    }
    const keys: HotKey[] = [...totals].map(([pk, { writes, peak }]) => ({ pk, pattern: keyPattern(pk), writes, peakPerSecond: peak }));
    keys.sort((a, b) => b.peakPerSecond - a.peakPerSecond || b.writes - a.writes);
    const kinds = new Map<string, KeyKind>();
    for (const key of keys) {
      const kind = kinds.get(key.pattern);
      kinds.set(key.pattern, kind ? { ...kind, keys: kind.keys + 1, writes: kind.writes + key.writes } : { pattern: key.pattern, keys: 1, writes: key.writes, busiest: key });
    }
    const seconds = this.buckets.size === 0 ? 0 : Math.max(...this.buckets.keys()) - Math.min(...this.buckets.keys()) + 1;
    return {
      seconds,
      totalWrites,
      peakTableWritesPerSecond: peakTable,
      distinctKeys: keys.length,
      busiest: keys.slice(0, top),
      kinds: [...kinds.values()],
    };
  }
}
