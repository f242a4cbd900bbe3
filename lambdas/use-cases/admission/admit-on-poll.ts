import type { AdmissionReport, AdmitWaiting } from '../sweeper/admit-waiting';

/**
 * Runs a room's FIFO admission for a waiter who polled within reach of a free slot: far enough to admit everyone
 * ahead of it and itself (`position` of them at most), and no further than `mayContinue` allows (the poll's deadline).
 */
export type AdmitOnPoll = (concertId: string, position: number, mayContinue: () => boolean) => Promise<AdmissionReport>;

/**
 * One admission run per room at a time in this process: a poll within reach that arrives while its room's run is
 * under way joins that run instead of starting a second one (which would only contend with it on the room item), and
 * stretches it to its own position. The run keeps its starter's `mayContinue`: a joiner arrived later, so its own
 * deadline is later. Runs in other processes (other instances, the stream, the sweeper) are kept within the room's
 * limit by the admission's conditions.
 */
export const oneRunPerRoom = (admit: AdmitWaiting): AdmitOnPoll => {
  const running = new Map<string, { readonly reach: { farthest: number }; readonly run: Promise<AdmissionReport> }>();
  return (concertId, position, mayContinue) => {
    const underWay = running.get(concertId);
    if (underWay) {
      underWay.reach.farthest = Math.max(underWay.reach.farthest, position);
      return underWay.run;
    }
    const reach = { farthest: position };
    const run = admit(concertId, { maxAdmissions: () => reach.farthest, mayContinue }).finally(() => running.delete(concertId));
    running.set(concertId, { reach, run });
    return run;
  };
};
