/** Calendar dates are `YYYY-MM-DD` strings in UTC; string order is date order. */
export const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
};

export const utcDate = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 10);

/** A date is open for booking until the end of that day in UTC. */
export const isOpenForBooking = (date: string, nowMs: number): boolean => date >= utcDate(nowMs);
