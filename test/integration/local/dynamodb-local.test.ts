import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  it('stops its Java process when the process that started it dies of an uncaught error', async () => {
    const projectRoot = resolve(__dirname, '../../..');
    const script = join(mkdtempSync(join(tmpdir(), 'dynamo-orphan-')), 'crash.ts');
    writeFileSync(
      script,
      `import { startDynamoDbLocalOnFreePort } from ${JSON.stringify(join(projectRoot, 'local', 'dynamodb-local'))};
       startDynamoDbLocalOnFreePort({ dataDir: ':memory:' }).then((dynamo) => {
         console.log(dynamo.pid);
         setImmediate(() => { throw new Error('a bug'); });
       });`,
    );
    const stdout = await new Promise<string>((resolveRun) =>
      execFile(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], { timeout: 60_000 }, (_, out) => resolveRun(out)),
    );
    const javaPid = Number(stdout.trim());
    expect(javaPid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(javaPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; alive() && waited < 20_000; waited += 200) await new Promise((wait) => setTimeout(wait, 200));
    const orphaned = alive();
    if (orphaned) process.kill(javaPid, 'SIGKILL');
    expect(orphaned).toBe(false);
  }, 90_000);

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
