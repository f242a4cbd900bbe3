import type { AdmissionReport } from '../sweeper/admit-waiting';
import type { TokenChange, TokenExpiryScheduler } from './ports';

/** What became of each change: `failed` ones are delivered again (the stream retries them). */
export interface TokenChangesOutcome {
  readonly failed: ReadonlySet<TokenChange>;
  readonly admitted: number;
}

/**
 * The event-driven half of admission. Every ACTIVE token gets its expiry scheduled for its deadline, so a slot
 * whose holder walks away is free at that moment and not at the next sweep. Every room whose slot was freed or
 * whose line grew is filled at once: one admission run per room, all rooms in parallel, so one concert's burst never
 * waits for another's. A room's run is bounded by its free slots, and its conditions keep it within the limit even
 * when it overlaps with the sweeper or another run.
 */
export const reactToTokenChanges =
  (deps: { admit: (concertId: string) => Promise<AdmissionReport>; expiries: TokenExpiryScheduler }) =>
  async (changes: readonly TokenChange[]): Promise<TokenChangesOutcome> => {
    const failed = new Set<TokenChange>();
    const rooms = new Map<string, TokenChange[]>();
    const scheduling = changes.map(async (change) => {
      if (change.kind !== 'admitted') {
        rooms.set(change.concertId, [...(rooms.get(change.concertId) ?? []), change]);
        return;
      }
      try {
        await deps.expiries.scheduleExpiry(change.expiry);
      } catch {
        failed.add(change);
      }
    });
    await Promise.all(scheduling);
    let admitted = 0;
    await Promise.all(
      [...rooms].map(async ([concertId, roomChanges]) => {
        try {
          admitted += (await deps.admit(concertId)).admitted;
        } catch {
          for (const change of roomChanges) failed.add(change);
        }
      }),
    );
    return { failed, admitted };
  };
