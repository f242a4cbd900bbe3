import type { IdempotentOperation, IdempotentRequest } from '../../domain/idempotency';
import { answerFromRecordOnRefusal, recordOf } from '../idempotency/keyed-requests';
import type { IdempotencyRecordReader, IdempotencyRecordWriter } from '../idempotency/ports';
import type { Clock } from '../ports';

/**
 * Runs a keyed request whose effect has a transaction of its own that cannot carry the record (issuing a queue
 * token: the token, its lock and the room): the answer is recorded right after the effect, before it is sent,
 * so a retry whose answer was lost replays it. A refusal (409: the token this key issued is live) is answered from
 * the record when there is one. Should the function die between the two writes, the retry is refused with 409 and
 * `GET /queue/tokens?concertId=` gives the place back.
 */
export const answerOnce =
  (deps: { idempotencyRecords: IdempotencyRecordReader & IdempotencyRecordWriter; clock: Clock }) =>
  async <T>(keyed: { userId: string; operation: IdempotentOperation; request: IdempotentRequest | undefined }, run: () => Promise<T>): Promise<T> =>
    answerFromRecordOnRefusal(deps, keyed, async () => {
      const answer = await run();
      const record = recordOf(keyed.operation, keyed.request, answer);
      if ('idempotency' in record) await deps.idempotencyRecords.putRecord(keyed.userId, record.idempotency, deps.clock.now());
      return answer;
    });
