import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { Page } from '../../use-cases/ports';

/**
 * Cursors are the sort key of the last item of a page, base64url-encoded: opaque to clients, and only ever
 * read inside the caller's own partition (the partition key comes from the caller, never from the cursor), so
 * a forged cursor can at most skip within the caller's own history. One that does not decode to a sort key of
 * the expected shape is a 400.
 */
export const encodeCursor = (sortKey: string): string => Buffer.from(sortKey, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string, sortKeyPattern: RegExp): string => {
  const sortKey = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!sortKeyPattern.test(sortKey)) throw new ValidationError('cursor: must be a nextCursor returned by the previous page');
  return sortKey;
};

/**
 * One Query, newest first, for a page of `pageSize`: it asks for one item more, so that the last page says so
 * (`nextCursor: null`) instead of pointing at an empty page.
 */
export const queryNewestFirst = async (
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: { readonly pageSize: number; readonly sortKeyOf: (item: Record<string, unknown>) => string; readonly startKey?: Record<string, unknown> },
): Promise<Page<Record<string, unknown>>> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      ...input,
      ScanIndexForward: false,
      Limit: options.pageSize + 1,
      ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
    }),
  );
  const items = Items.slice(0, options.pageSize);
  const last = items[items.length - 1];
  return { items, nextCursor: Items.length > options.pageSize && last ? encodeCursor(options.sortKeyOf(last)) : null };
};
