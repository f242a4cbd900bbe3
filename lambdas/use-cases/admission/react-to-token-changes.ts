import type { OpeningReport } from '../sale/open-sale';
import type { AdmissionReport } from '../sweeper/admit-waiting';
import type { RoomChange, TokenExpiryScheduler } from './ports';

/** What became of each change: `failed` ones are delivered again (the stream retries them). */
export interface TokenChangesOutcome {
  readonly failed: ReadonlySet<RoomChange>;
  readonly admitted: number;
}

/**
 * The event-driven half of admission. Every ACTIVE token gets its expiry scheduled for its deadline, so a slot
 * whose holder walks away is free at that moment and not at the next sweep. Every room whose slot was freed, whose
 * line grew or whose sale the operator changed is filled at once: one admission run per room, all rooms in parallel,
 * so one concert's burst never waits for another's. A room's run is bounded by its free slots, and its conditions
 * keep it within the limit even when it overlaps with the sweeper or another run. A sale change first draws an
 * opening that has come (moved to now), so the operator's tools never admit or draw with settings of their own; when
 * that draw is already running elsewhere, its own admissions fill the room.
 */
export const reactToTokenChanges =
  (deps: {
    admit: (concertId: string) => Promise<AdmissionReport>;
    /** Draws the room's opening if it has come and is not drawn yet (admitting as it goes); does nothing otherwise. */
    open: (concertId: string) => Promise<Pick<OpeningReport, 'outcome'>>;
    expiries: TokenExpiryScheduler;
  }) =>
  async (changes: readonly RoomChange[]): Promise<TokenChangesOutcome> => {
    const failed = new Set<RoomChange>();
    const rooms = new Map<string, RoomChange[]>();
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
          const opening = roomChanges.some((change) => change.kind === 'saleChanged') ? await deps.open(concertId) : undefined;
          // A draw running elsewhere admits as it places (and once done): a run beside it would admit nobody.
          if (opening?.outcome === 'inProgress') return;
          // Awaited first: `admitted += await …` would add to the total read before the wait and lose parallel rooms'.
          const report = await deps.admit(concertId);
          admitted += report.admitted;
        } catch {
          for (const change of roomChanges) failed.add(change);
        }
      }),
    );
    return { failed, admitted };
  };
