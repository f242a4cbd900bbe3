import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './transactions';
import { queryAll } from './query';
import { keys, ttlAfter } from './table';

/** Width of one admission bucket: "the last minute" is read to this resolution. */
const bucketMs = 10_000;
const minuteMs = 60_000;
const bucketOf = (nowMs: number): number => Math.floor(nowMs / bucketMs);

/** The transaction item that counts one admission (at issue or from the line) in its 10-second bucket. */
export const admissionRecordItem = (tableName: string, concertId: string, nowMs: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.roomAdmissions(concertId, bucketOf(nowMs)),
    UpdateExpression: 'ADD admitted :one SET #ttl = if_not_exists(#ttl, :ttl)',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':one': 1, ':ttl': ttlAfter(nowMs, 3600) },
  },
});

/** Admissions of the last minute (the buckets overlapping it): one Query of at most 7 small items. */
export const countAdmittedLastMinute = async (db: DynamoDBDocumentClient, tableName: string, concertId: string, nowMs: number): Promise<number> => {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.roomAdmissions(concertId, 0).pk,
      ':from': keys.roomAdmissions(concertId, bucketOf(nowMs - minuteMs) + 1).sk,
      ':to': keys.roomAdmissions(concertId, bucketOf(nowMs)).sk,
    },
  });
  return items.reduce((sum, item) => sum + (typeof item.admitted === 'number' ? item.admitted : 0), 0);
};
