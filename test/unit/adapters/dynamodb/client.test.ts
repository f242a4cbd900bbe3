import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../../lambdas/adapters/dynamodb/client';
import { Deadline } from '../../../../lambdas/domain/deadline';
import { ServiceUnavailableError } from '../../../../lambdas/domain/errors';
import { runWithDeadline } from '../../../../lambdas/use-cases/invocation-deadline';

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

describe('createDocumentClient errors', () => {
  it('turns throttling the SDK gave up on into ServiceUnavailableError that keeps the SDK error as its cause', async () => {
    const db = createDocumentClient({ endpoint: 'http://127.0.0.1:1', region: 'eu-west-1', maxAttempts: 1 });
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    // Stands in for DynamoDB's answer, below the translating middleware, so nothing goes over the network.
    db.middlewareStack.add(
      () => async () => {
        throw throttled;
      },
      { step: 'build', name: 'answerThrottled' },
    );
    try {
      const error = await db.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).cause).toBe(throttled);
    } finally {
      db.destroy();
    }
  });
});

describe('createDocumentClient under a deadline', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // A store that accepts the connection and never answers.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('abandons a call in flight as soon as its request is answered, with a 503 error', async () => {
    const db = createDocumentClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1', maxAttempts: 1 });
    const deadline = Deadline.fromRemaining(60_000, Date.now());
    try {
      const call = runWithDeadline(deadline, () => db.send(new GetCommand({ TableName: 'table', Key: { pk: 'a', sk: 'b' } }))).catch((caught: unknown) => caught);
      await new Promise((resolve) => setTimeout(resolve, 50));
      deadline.end('answered');
      await expect(call).resolves.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      db.destroy();
    }
  });
});
