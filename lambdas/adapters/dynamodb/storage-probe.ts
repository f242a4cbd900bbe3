import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StorageProbe } from '../../use-cases/health/check-health';
import { keys } from './table';

export class DynamoStorageProbe implements StorageProbe {
  public constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async ping(): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.healthProbe() }));
  }
}
