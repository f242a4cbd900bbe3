import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';

describe('createDocumentClient with an endpoint', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const credentialsOf = async () => {
    const db = createDocumentClient({ endpoint: 'http://127.0.0.1:1', region: 'eu-west-1' });
    try {
      return await db.config.credentials();
    } finally {
      db.destroy();
    }
  };

  it('uses placeholder credentials for DynamoDB Local when the environment has none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(credentialsOf()).resolves.toMatchObject({ accessKeyId: 'local', secretAccessKey: 'local' });
  });

  it('uses the credentials of the environment, session token included, for a real table', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' });
    await expect(credentialsOf()).resolves.toMatchObject({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
  });
});
