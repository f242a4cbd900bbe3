/**
 * The subset of Lambda's event filter syntax this service uses: nested objects whose leaves list the exact
 * values allowed. Anything else (prefix, numeric, exists rules) throws rather than silently matching
 * differently from AWS.
 */
export type EventFilterPattern = { readonly [field: string]: readonly (string | number | boolean)[] | EventFilterPattern };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const matchesEventFilter = (pattern: EventFilterPattern, event: unknown): boolean =>
  Object.entries(pattern).every(([field, rule]) => {
    const value = isRecord(event) ? event[field] : undefined;
    if (!Array.isArray(rule)) return matchesEventFilter(rule as EventFilterPattern, value);
    if (rule.some((allowed) => typeof allowed === 'object')) throw new Error(`unsupported event filter rule on ${field}`);
    return rule.includes(value as string | number | boolean);
  });
