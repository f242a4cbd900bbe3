import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort } from '../../../local/dynamodb-local';

const projectRoot = resolve(__dirname, '../../..');

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm start` as a person runs it (tsx bin/local-server.ts), with the given environment on top of a quiet one. */
const start = (env: Record<string, string>): Promise<Run> =>
  new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/local-server.ts'],
      { cwd: projectRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: ':memory:', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolveRun({ exitCode: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });

const occupy = (port: number): Promise<Server> =>
  new Promise((resolveListen) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolveListen(server));
  });

const expectOneLine = (run: Run, message: string | RegExp): void => {
  expect(run.exitCode).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
};

describe('npm start refusals', () => {
  let ports: { PORT: string; DYNAMODB_PORT: string };

  beforeEach(async () => {
    ports = { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) };
  });

  it.each([
    [{ PORT: 'abc' }, /^npm start: PORT must be a port number from 0 to 65535, got "abc": /],
    [{ MAX_ACTIVE_TOKENS: '-1' }, /^npm start: MAX_ACTIVE_TOKENS must be a positive integer, got "-1": /],
    [{ SEED_DEMO: 'no' }, /^npm start: SEED_DEMO must be 1 or 0 \(true or false\), got "no": /],
  ])('refuses %j with one line that names the variable and the fix', async (env, message) => {
    const run = await start({ ...ports, ...env });
    expectOneLine(run, message);
    expect(run.stdout).toBe('');
  });

  it('refuses a PORT in use before it starts DynamoDB Local', async () => {
    const taken = await occupy(Number(ports.PORT));
    try {
      const run = await start(ports);
      expectOneLine(run, `npm start: PORT ${ports.PORT} is already in use (another npm start?): stop what listens there, or choose another port, e.g. PORT=${Number(ports.PORT) + 1} npm start`);
      expect(run.stdout).not.toContain('DynamoDB Local');
    } finally {
      taken.close();
    }
  });

  it('refuses a DYNAMODB_PORT in use, pointing to DYNAMODB_ENDPOINT', async () => {
    const taken = await occupy(Number(ports.DYNAMODB_PORT));
    try {
      expectOneLine(await start(ports), /^npm start: DYNAMODB_PORT \d+ is already in use .* set DYNAMODB_ENDPOINT=http:\/\/127\.0\.0\.1:\d+ to use the DynamoDB that listens there$/);
    } finally {
      taken.close();
    }
  });

  it('says how to get Java when there is none', async () => {
    // node itself stays reachable by its absolute path; java is nowhere on this PATH.
    const run = await start({ ...ports, PATH: '/nonexistent' });
    expectOneLine(run, /^npm start: Java was not found on PATH: DynamoDB Local needs Java 17 or newer .* or set DYNAMODB_ENDPOINT/);
  });
});

/** `npm start` until it listens: its `Settings:` line; then it is stopped with SIGTERM, as Ctrl-C would. */
const settingsLineOfStart = (env: Record<string, string>): Promise<string> =>
  new Promise((resolveLine, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/local-server.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: ':memory:', SEED_DEMO: '0', ...env },
    });
    let stdout = '';
    let settings: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      settings ??= stdout.split('\n').find((line) => line.startsWith('Settings: '));
      if (settings && stdout.includes('listening on')) child.kill('SIGTERM');
    });
    child.on('exit', () => (settings ? resolveLine(settings) : reject(new Error(`no Settings line in:\n${stdout}`))));
  });

describe('npm start settings report', () => {
  it('prints the sale opener interval the local server runs with: 1 s unless SALE_OPENER_INTERVAL_SECONDS says otherwise', async () => {
    const ports = async () => ({ PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) });
    expect(await settingsLineOfStart(await ports())).toMatch(/ SALE_OPENER_INTERVAL_SECONDS=1 /);
    expect(await settingsLineOfStart({ ...(await ports()), SALE_OPENER_INTERVAL_SECONDS: '7' })).toMatch(/ SALE_OPENER_INTERVAL_SECONDS=7 /);
  }, 120_000);
});
