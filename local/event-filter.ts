/**
 * The subset of Lambda's event filter syntax this service uses: nested objects whose leaves list the exact
 * values allowed. Anything else (prefix, numeric, exists rules) is refused up front rather than matched
 * differently from AWS.
 */
export type EventFilterPattern = { readonly [field: string]: readonly (string | number | boolean)[] | EventFilterPattern };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const assertSupportedEventFilter = (pattern: EventFilterPattern, path = ''): void => {
  for (const [field, rule] of Object.entries(pattern)) {
    if (!Array.isArray(rule)) {
      assertSupportedEventFilter(rule as EventFilterPattern, `${path}${field}.`);
    } else if (rule.some((allowed) => typeof allowed === 'object')) {
      throw new Error(`unsupported event filter rule on ${path}${field}`);
    }
  }
};

/** Whether `event` passes `pattern`; the pattern must pass assertSupportedEventFilter. */
export const matchesEventFilter = (pattern: EventFilterPattern, event: unknown): boolean =>
  Object.entries(pattern).every(([field, rule]) => {
    const value = isRecord(event) ? event[field] : undefined;
    return Array.isArray(rule) ? rule.includes(value as string | number | boolean) : matchesEventFilter(rule as EventFilterPattern, value);
  });
