import type { Clock } from '../use-cases/ports';

/** How stale a public view (dates and their free seats, queue counters) may be: one second. */
export const publicViewMaxAgeMs = 1000;

/**
 * Reuses each key's result for `maxAgeMs` within one Lambda instance, and shares one read among concurrent
 * callers of the same key. Public, read-heavy views (dates, queue counters, a room's served count) then cost
 * storage one read per instance per window however many fans refresh them. Failures are not kept.
 */
export const reuseRecentResults = <K, V>(maxAgeMs: number, clock: Clock, load: (key: K) => Promise<V>): ((key: K) => Promise<V>) => {
  const recent = new Map<K, { readonly atMs: number; readonly value: Promise<V> }>();
  return (key) => {
    const now = clock.now();
    const kept = recent.get(key);
    if (kept && now - kept.atMs < maxAgeMs && now >= kept.atMs) return kept.value;
    const value = load(key);
    recent.set(key, { atMs: now, value });
    value.catch(() => {
      if (recent.get(key)?.value === value) recent.delete(key);
    });
    return value;
  };
};
