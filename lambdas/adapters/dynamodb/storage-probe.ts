import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { logger } from '../../observability/logger';
import type { StorageProbe } from '../../use-cases/health/check-health';
import { keys } from './table';

export class DynamoStorageProbe implements StorageProbe {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Any failure to read the table (missing, access denied, unreachable) means "not healthy": 503, not 500. */
  public async ping(): Promise<void> {
    try {
      await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.healthProbe() }));
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      logger.error('health probe could not read the table', { error: error as Error });
      throw new ServiceUnavailableError('health probe failed', { cause: error });
    }
  }
}
