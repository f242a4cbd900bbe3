import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdmissionBucket } from '../../domain/queue';
import { admissionBucketMs, admissionBucketOf } from '../../domain/queue';
import type { TransactItem } from './transactions';
import { queryAll } from './query';
import { keys, ttlAfter } from './table';

const numberOf = (item: Record<string, unknown>, name: string): number => {
  const value = item[name];
  return typeof value === 'number' ? value : 0;
};

const secondsPerBucket = admissionBucketMs / 1000;
/** The attribute counting a bucket's admissions from the line in one of its seconds. */
const lineSecondAttribute = (second: number): string => `line${second}`;
const secondOf = (nowMs: number): number => Math.floor((nowMs % admissionBucketMs) / 1000);

/** A bucket's admissions from the line per second, when the item counts them. */
const secondsOf = (item: Record<string, unknown>): { fromLineBySecond: number[] } | undefined => {
  const bySecond = Array.from({ length: secondsPerBucket }, (_, second) => numberOf(item, lineSecondAttribute(second)));
  return bySecond.some((count) => count > 0) ? { fromLineBySecond: bySecond } : undefined;
};

/**
 * The transaction item that counts `count` admissions made at `nowMs` (one, or a run's batch) in its 10-second
 * bucket: `admitted` for every admission (at issue or from the line); for those that moved the line, which estimates
 * use, `fromLine`, the first one's time and a count per second of the bucket (so the line's rate can be measured
 * over a few seconds without more items to read).
 */
export const admissionRecordItem = (tableName: string, concertId: string, nowMs: number, fromLine: boolean, count: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.roomAdmissions(concertId, admissionBucketOf(nowMs)),
    UpdateExpression: fromLine
      ? 'ADD admitted :n, fromLine :n, #second :n SET #ttl = if_not_exists(#ttl, :ttl), firstLineAt = if_not_exists(firstLineAt, :now)'
      : 'ADD admitted :n SET #ttl = if_not_exists(#ttl, :ttl)',
    ExpressionAttributeNames: { '#ttl': 'ttl', ...(fromLine ? { '#second': lineSecondAttribute(secondOf(nowMs)) } : {}) },
    ExpressionAttributeValues: { ':n': count, ':ttl': ttlAfter(nowMs, 3600), ...(fromLine ? { ':now': nowMs } : {}) },
  },
});

/** The admission buckets from `fromBucket` to the current one: one Query of small items (31 for the pace's 5 minutes). */
export const readAdmissionBuckets = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  concertId: string,
  fromBucket: number,
  nowMs: number,
): Promise<AdmissionBucket[]> => {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.roomAdmissions(concertId, 0).pk,
      ':from': keys.roomAdmissions(concertId, fromBucket).sk,
      ':to': keys.roomAdmissions(concertId, admissionBucketOf(nowMs)).sk,
    },
  });
  return items.map((item) => ({
    bucket: Number(String(item.sk).slice('ADMITTED#'.length)),
    admitted: numberOf(item, 'admitted'),
    fromLine: numberOf(item, 'fromLine'),
    ...(typeof item.firstLineAt === 'number' ? { firstLineAtMs: item.firstLineAt } : {}),
    ...(secondsOf(item) ?? {}),
  }));
};
