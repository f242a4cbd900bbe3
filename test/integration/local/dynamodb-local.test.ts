import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { PortTakenError, freePort, startDynamoDbLocal, startDynamoDbLocalOnFreePort } from '../../../local/dynamodb-local';
import { ownerOfPort } from '../../../local/port-owner';

/** Something else on the port that answers ListTables as DynamoDB would: what another test run's instance looks like. */
const impostor = (port: number): Promise<Server> =>
  new Promise((resolveListen) => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{"TableNames":[]}');
    });
    server.listen(port, () => resolveListen(server));
  });

describe('startDynamoDbLocal', () => {
  it('is not fooled by another process answering on its port: it fails with PortTakenError', async () => {
    const port = await freePort();
    const other = await impostor(port);
    try {
      await expect(startDynamoDbLocal({ port, dataDir: ':memory:' })).rejects.toBeInstanceOf(PortTakenError);
    } finally {
      other.closeAllConnections();
      await new Promise((resolveClose) => other.close(resolveClose));
    }
  });

  it('starts on a free port of its own, which its Java process holds', async () => {
    const dynamo = await startDynamoDbLocalOnFreePort({ dataDir: ':memory:' });
    try {
      const port = Number(new URL(dynamo.endpoint).port);
      expect(dynamo.pid).toBeDefined();
      expect(await ownerOfPort(port, dynamo.pid as number)).toBe('ours');
    } finally {
      await dynamo.stop();
    }
  });
});
