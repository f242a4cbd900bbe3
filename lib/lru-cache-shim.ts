/**
 * Stands in for `mnemonist/lru-cache` inside Lambda bundles (see lib/bundling.ts). Its only user is the SDK's
 * endpoint-discovery cache, which the DynamoDB client builds but never fills (endpoint discovery is off), so a
 * Map-based LRU with the same get/set/has/peek/clear saves ~7 KB (mnemonist and obliterator) in every function.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  public constructor(private readonly capacity: number) {}

  public get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  public peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  public has(key: K): boolean {
    return this.entries.has(key);
  }

  public set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  public clear(): void {
    this.entries.clear();
  }
}
