import type { QueuePolicy } from '../../domain/queue';
import { QueueTokenStatus, isLive } from '../../domain/queue';
import type { Clock } from '../ports';
import type { AdmissionReport } from '../sweeper/admit-waiting';
import type { SweeperTokenRepository } from '../sweeper/ports';
import type { QueueTokenReader } from '../queue/ports';
import type { TokenExpiryRequest, TokenExpiryScheduler } from './ports';

/** `expired`: this request ended the token; `nothing-to-expire`: it had already ended (left, paid, swept). */
export type TokenExpiryOutcome = { readonly kind: 'expired'; readonly admitted: number } | { readonly kind: 'nothing-to-expire' | 'redelayed' };

/** A delivery that comes this close to the deadline waits for it here rather than being sent round again. */
const maxWaitInPlaceMs = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends an ACTIVE token at its deadline and refills its slot at once (the next in line is admitted in the same run,
 * without waiting for the stream to report the death). Messages are delivered up to a second early (delays are
 * whole seconds, rounded down) and wait the rest here; one that arrives earlier than that is scheduled again.
 * Idempotent: a token that already ended, or was expired by the sweeper, is left alone.
 */
export const expireActiveToken =
  (deps: {
    tokens: QueueTokenReader & Pick<SweeperTokenRepository, 'endToken'>;
    admit: (concertId: string) => Promise<AdmissionReport>;
    expiries: TokenExpiryScheduler;
    clock: Clock;
    policy: QueuePolicy;
  }) =>
  async (request: TokenExpiryRequest): Promise<TokenExpiryOutcome> => {
    const early = request.expireAtMs - deps.clock.now();
    if (early > maxWaitInPlaceMs) {
      await deps.expiries.scheduleExpiry(request);
      return { kind: 'redelayed' };
    }
    if (early > 0) await sleep(early);
    const token = await deps.tokens.findToken(request.tokenId);
    const now = deps.clock.now();
    if (!token || token.status !== QueueTokenStatus.active || isLive(token, now, deps.policy)) return { kind: 'nothing-to-expire' };
    // A concurrent payment or leave wins the condition: then that death frees the slot, and the stream refills it.
    if (!(await deps.tokens.endToken(token, QueueTokenStatus.expired, now))) return { kind: 'nothing-to-expire' };
    return { kind: 'expired', admitted: (await deps.admit(token.concertId)).admitted };
  };
