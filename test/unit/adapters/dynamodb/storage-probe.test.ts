import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoStorageProbe } from '../../../../lambdas/adapters/dynamodb/storage-probe';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import { logger } from '../../../../lambdas/observability/logger';

describe('DynamoStorageProbe', () => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const mock = mockClient(db);
  const probe = new DynamoStorageProbe(db, 'concert-reservations');

  afterEach(() => {
    mock.reset();
    jest.restoreAllMocks();
  });

  it('passes when the table answers, whether or not the probe item exists', async () => {
    mock.on(GetCommand).resolves({});
    await expect(probe.ping()).resolves.toBeUndefined();
  });

  it('turns a missing table or denied access into 503 SERVICE_UNAVAILABLE, logging and keeping the cause', async () => {
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const missing = new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} });
    mock.on(GetCommand).rejects(missing);
    const unavailable = await probe.ping().catch((caught: unknown) => caught);
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect((unavailable as ServiceUnavailableError).cause).toBe(missing);
    mock.on(GetCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(probe.ping()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(error).toHaveBeenCalledTimes(2);
  });
});
