import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { DomainError } from '../lambdas/domain/errors';
import { ErrorCode, ValidationError } from '../lambdas/domain/errors';
import { errorResponse, jsonHeaders, RouteNotFoundError, statusByErrorCode } from '../lambdas/handlers/http/error-response';
import type { HttpRouteDefinition } from '../lambdas/routes';
import { lambdaContext, toApiGatewayEvent } from './api-gateway-event';
import { decodePathParameters, matchRoute } from './routing';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 | undefined>;

export interface GatewayDependencies {
  readonly routes: readonly HttpRouteDefinition[];
  /** The `handler` export of lambdas/handlers/<name>.ts. */
  readonly loadHandler: (name: string) => Promise<LambdaHttpHandler>;
  /** Requests no route serves but the local server answers itself (GET /openapi.json); undefined passes. */
  readonly extraRoute?: (method: string, rawPath: string) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;
  /** Where failures are reported; the client only ever sees a generic 500 body. */
  readonly reportError: (message: string, error: unknown) => void;
  /** One short line per answered request: `GET /concerts 200 12 ms`. */
  readonly reportRequest?: (line: string) => void;
}

const domainErrorResponse = (error: DomainError) => errorResponse(statusByErrorCode[error.code], error.code, error.message);

/*
 * What API Gateway does outside the function on AWS (reading the request, building the event) is done here for
 * every request, by the same process that runs the handlers: it is kept to plain loops and events.
 */

/** API Gateway's payload limit: it refuses a larger request before any function runs. */
const maxBodyBytes = 10 * 1024 * 1024;

/** The body as text, or undefined once it passes `maxBodyBytes` (reading stops there: a huge body is never buffered). */
const readBody = (request: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const collect = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', collect).pause();
      resolve(undefined);
    };
    request.on('data', collect);
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });

/** Node keeps repeated headers as arrays; API Gateway joins them with commas. */
const singleValuedHeaders = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

/** Writes a Lambda result the way API Gateway does: a result without statusCode is a 200 JSON body. */
const send = (response: ServerResponse, result: APIGatewayProxyResultV2 | undefined): void => {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: jsonHeaders, body: typeof result === 'string' ? result : JSON.stringify(result ?? null) };
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(structured.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(structured.isBase64Encoded && structured.body ? Buffer.from(structured.body, 'base64') : (structured.body ?? ''));
};

/**
 * node:http's `clientError` listener: a request it cannot parse (not HTTP, a bad Content-Length, headers over its
 * 16 KB limit) gets the contract's error body, not node's bare status line. API Gateway refuses such requests
 * itself on AWS. A connection that is gone, or a request that timed out, is closed as node would.
 */
export const answerClientError = (error: Error & { code?: string }, socket: Duplex): void => {
  if (!socket.writable || !error.code?.startsWith('HPE_')) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: { code: ErrorCode.validation, message: tooLarge ? 'the request headers exceed 16 KB' : 'the request is not valid HTTP/1.1' },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
};

/**
 * What API Gateway (HTTP API, payload 2.0) does in front of the Lambdas: match the route, build the event,
 * invoke the route's handler, write its result. No route: 404 NOT_FOUND. A handler that throws (its own error
 * responder catches everything it knows) gets a generic 500 INTERNAL_ERROR, never the error itself.
 */
export const createGateway = (deps: GatewayDependencies): RequestListener => {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const queryStart = target.includes('?') ? target.indexOf('?') : target.length;
    const rawPath = target.slice(0, queryStart);
    const rawQueryString = target.slice(queryStart + 1);

    const match = matchRoute(deps.routes, method, rawPath);
    if (!match) {
      const extra = await deps.extraRoute?.(method, rawPath);
      return send(response, extra ?? domainErrorResponse(new RouteNotFoundError(method, rawPath)));
    }
    const decoding = decodePathParameters(match.rawPathParameters);
    if ('invalid' in decoding) {
      return send(response, domainErrorResponse(new ValidationError(`path parameter ${decoding.invalid}: must be percent-encoded UTF-8`)));
    }
    const pathParameters = decoding.decoded;

    const body = await readBody(request);
    if (body === undefined) {
      // The rest of the body is not read: the connection closes after the answer.
      return send(response, errorResponse(413, ErrorCode.validation, 'the body may not exceed 10 MB', { connection: 'close' }));
    }
    const event = toApiGatewayEvent({
      method,
      routePath: match.route.path,
      rawPath,
      rawQueryString,
      pathParameters,
      headers: singleValuedHeaders(request),
      body,
    });
    const handler = await deps.loadHandler(match.route.handler);
    send(response, await handler(event, lambdaContext(match.route.handler)));
  };

  return (request, response) => {
    if (deps.reportRequest) {
      const startedAt = process.hrtime.bigint();
      response.once('finish', () => {
        const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
        const path = (request.url ?? '/').split('?')[0];
        deps.reportRequest?.(`${request.method} ${path} ${response.statusCode} ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
      });
    }
    handle(request, response).catch((error: unknown) => {
      deps.reportError(`${request.method} ${request.url} failed`, error);
      if (response.headersSent) response.destroy();
      else send(response, errorResponse(statusByErrorCode[ErrorCode.internal], ErrorCode.internal, 'internal error'));
    });
  };
};
