import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdmissionBucket } from '../../domain/queue';
import { admissionBucketOf, firstPaceBucket } from '../../domain/queue';
import type { TransactItem } from './transactions';
import { queryAll } from './query';
import { keys, ttlAfter } from './table';

const numberOf = (item: Record<string, unknown>, name: string): number => {
  const value = item[name];
  return typeof value === 'number' ? value : 0;
};

/**
 * The transaction item that counts one admission in its 10-second bucket: `admitted` for every admission (at issue or
 * from the line), `fromLine` (and the first one's time) only for those that moved the line, which estimates use.
 */
export const admissionRecordItem = (tableName: string, concertId: string, nowMs: number, fromLine: boolean): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.roomAdmissions(concertId, admissionBucketOf(nowMs)),
    UpdateExpression: fromLine
      ? 'ADD admitted :one, fromLine :one SET #ttl = if_not_exists(#ttl, :ttl), firstLineAt = if_not_exists(firstLineAt, :now)'
      : 'ADD admitted :one SET #ttl = if_not_exists(#ttl, :ttl)',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':one': 1, ':ttl': ttlAfter(nowMs, 3600), ...(fromLine ? { ':now': nowMs } : {}) },
  },
});

/** The admission buckets overlapping the last minute: one Query of at most 7 small items. */
export const readAdmissionBuckets = async (db: DynamoDBDocumentClient, tableName: string, concertId: string, nowMs: number): Promise<AdmissionBucket[]> => {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.roomAdmissions(concertId, 0).pk,
      ':from': keys.roomAdmissions(concertId, firstPaceBucket(nowMs)).sk,
      ':to': keys.roomAdmissions(concertId, admissionBucketOf(nowMs)).sk,
    },
  });
  return items.map((item) => ({
    bucket: Number(String(item.sk).slice('ADMITTED#'.length)),
    admitted: numberOf(item, 'admitted'),
    fromLine: numberOf(item, 'fromLine'),
    ...(typeof item.firstLineAt === 'number' ? { firstLineAtMs: item.firstLineAt } : {}),
  }));
};
