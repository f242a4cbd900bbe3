import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpRouteDefinition } from '../../../lambdas/routes';
import type { GatewayDependencies, LambdaHttpHandler } from '../../../local/http-gateway';
import { answerClientError, createGateway } from '../../../local/http-gateway';

const routes: HttpRouteDefinition[] = [
  { method: 'GET', path: '/concerts/{concertId}/dates', handler: 'list-concert-dates', grants: { table: [] } },
  { method: 'POST', path: '/users', handler: 'create-user', grants: { table: [] } },
];

describe('createGateway', () => {
  let server: Server;
  let baseUrl: string;
  let handlers: Record<string, LambdaHttpHandler>;
  let reportError: jest.Mock;

  const start = async (extra: Partial<GatewayDependencies> = {}) => {
    server = createServer(
      createGateway({
        routes,
        loadHandler: async (name) => {
          const handler = handlers[name];
          if (!handler) throw new Error(`no module ${name}`);
          return handler;
        },
        reportError,
        ...extra,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(() => {
    handlers = {};
    reportError = jest.fn();
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('invokes the route handler with an API Gateway v2 event and writes back its status, headers and body', async () => {
    let received: APIGatewayProxyEventV2 | undefined;
    handlers['create-user'] = async (event) => {
      received = event;
      return { statusCode: 201, headers: { 'content-type': 'application/json', 'x-extra': 7 }, body: '{"ok":true}' };
    };
    await start();

    const response = await fetch(`${baseUrl}/users?debug=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Yes' },
      body: '{"name":"Kim"}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-extra')).toBe('7');
    expect(await response.json()).toEqual({ ok: true });
    expect(received).toMatchObject({
      version: '2.0',
      routeKey: 'POST /users',
      rawPath: '/users',
      rawQueryString: 'debug=1&x=2',
      body: '{"name":"Kim"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/users' } },
    });
    expect(received?.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'Yes' });
  });

  it('hands the handler decoded path parameters', async () => {
    let received: APIGatewayProxyEventV2 | undefined;
    handlers['list-concert-dates'] = async (event) => {
      received = event;
      return { statusCode: 204 };
    };
    await start();

    const response = await fetch(`${baseUrl}/concerts/%20bad%2Fx/dates`);

    expect(response.status).toBe(204);
    expect(received?.pathParameters).toEqual({ concertId: ' bad/x' });
    expect(received?.routeKey).toBe('GET /concerts/{concertId}/dates');
  });

  it('answers 404 NOT_FOUND in the contract body for an unknown path or method', async () => {
    await start();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/users'],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
    }
  });

  it('answers 400 VALIDATION_ERROR naming the path parameter that is not valid percent-encoding', async () => {
    handlers['list-concert-dates'] = jest.fn();
    await start();

    const response = await fetch(`${baseUrl}/concerts/%E0%A4%A/dates`);

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'path parameter concertId: must be percent-encoded UTF-8',
    });
    expect(handlers['list-concert-dates']).not.toHaveBeenCalled();
  });

  it('answers a generic 500 INTERNAL_ERROR, naming nothing, when the handler throws', async () => {
    handlers['create-user'] = async () => {
      throw new Error('ResourceNotFoundException: table secret-table-name');
    };
    await start();

    const response = await fetch(`${baseUrl}/users`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
    expect(reportError).toHaveBeenCalledWith('POST /users failed', expect.any(Error));
  });

  it('answers a generic 500 when the handler module cannot be loaded', async () => {
    await start();

    const response = await fetch(`${baseUrl}/users`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
  });

  it('writes a result without statusCode as a 200 JSON body, as API Gateway does', async () => {
    handlers['create-user'] = async () => ({ hello: 'world' }) as never;
    await start();

    const response = await fetch(`${baseUrl}/users`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it("refuses a body over API Gateway's 10 MB limit with 413 in the contract body, without invoking the handler", async () => {
    const invoked = jest.fn();
    handlers['create-user'] = async () => {
      invoked();
      return { statusCode: 201, body: '{}' };
    };
    await start();

    const response = await fetch(`${baseUrl}/users`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'VALIDATION_ERROR', message: 'the body may not exceed 10 MB' } });
    expect(invoked).not.toHaveBeenCalled();
    expect(reportError).not.toHaveBeenCalled();
  });

  it('stops reading a streamed body (no Content-Length) once it passes 10 MB, and keeps serving', async () => {
    handlers['create-user'] = async () => ({ statusCode: 201, body: '{}' });
    await start();
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        // Far more than fits in one string: the server must stop reading, not buffer it all.
        if (sent++ < 700) controller.enqueue(chunk);
        else controller.close();
      },
    });

    // The server answers 413 and closes the connection without reading the rest; a client still sending may see
    // the connection close before it reads the answer.
    const outcome = await fetch(`${baseUrl}/users`, { method: 'POST', body, duplex: 'half' } as RequestInit).then(
      (response) => response.status,
      () => 'connection closed',
    );

    expect([413, 'connection closed']).toContain(outcome);
    expect(sent).toBeLessThan(700);
    expect((await fetch(`${baseUrl}/users`, { method: 'POST', body: '{}' })).status).toBe(201);
  });

  it('lets the extra route answer what no route serves', async () => {
    await start({
      extraRoute: async (method, rawPath) =>
        method === 'GET' && rawPath === '/openapi.json' ? { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"openapi":"3.1.0"}' } : undefined,
    });

    expect(await (await fetch(`${baseUrl}/openapi.json`)).json()).toEqual({ openapi: '3.1.0' });
    expect((await fetch(`${baseUrl}/other.json`)).status).toBe(404);
  });

  it('reports one short line per request: method, path without query, status, milliseconds', async () => {
    const lines: string[] = [];
    handlers['create-user'] = async () => ({ statusCode: 201, body: '{}' });
    await start({ reportRequest: (line) => lines.push(line) });

    await fetch(`${baseUrl}/users?secret=1`, { method: 'POST', body: '{}' });
    await fetch(`${baseUrl}/nowhere`);

    expect(lines).toEqual([expect.stringMatching(/^POST \/users 201 \d+(\.\d)? ms$/), expect.stringMatching(/^GET \/nowhere 404 \d+(\.\d)? ms$/)]);
  });
});

describe('answerClientError', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_, response) => response.end('{}'));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends raw bytes, as no HTTP client would, and reads everything until the server closes the connection. */
  const sendRaw = (bytes: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
  const statusAndBody = (raw: string) => ({ status: raw.split(' ')[1], contentType: /content-type: (.*)\r\n/i.exec(raw)?.[1], body: JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) });

  it('answers a request that is not HTTP with 400 VALIDATION_ERROR in the contract body', async () => {
    expect(statusAndBody(await sendRaw('GARBAGE\r\n\r\n'))).toEqual({
      status: '400',
      contentType: 'application/json',
      body: { error: { code: 'VALIDATION_ERROR', message: 'the request is not valid HTTP/1.1' } },
    });
  });

  it('answers headers over the size limit with 431 and the contract body', async () => {
    const raw = await sendRaw(`GET /balance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(statusAndBody(raw)).toEqual({
      status: '431',
      contentType: 'application/json',
      body: { error: { code: 'VALIDATION_ERROR', message: 'the request headers exceed 16 KB' } },
    });
  });
});
