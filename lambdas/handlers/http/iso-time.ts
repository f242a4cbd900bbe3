/** A stored epoch-millisecond time as the contract's ISO-8601 UTC string, or null when there is none. */
export const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
