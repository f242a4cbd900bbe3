import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { apiFunctionTimeoutSeconds } from '../lambdas/routes';

export interface LocalRequest {
  readonly method: string;
  /** Route template, e.g. `/concerts/{concertId}/dates`. */
  readonly routePath: string;
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly pathParameters?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** As API Gateway decodes them: repeated names are joined with commas; absent when there is no query. */
const queryStringParameters = (rawQueryString: string | undefined): { queryStringParameters?: Record<string, string> } => {
  if (!rawQueryString) return {};
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  return Object.keys(parameters).length ? { queryStringParameters: parameters } : {};
};

/** The event API Gateway HTTP API (payload format 2.0) would hand the Lambda for this request. */
export const toApiGatewayEvent = (request: LocalRequest): APIGatewayProxyEventV2 => {
  const now = new Date();
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const requestId = randomUUID();
  return {
      version: '2.0',
      routeKey: `${request.method} ${request.routePath}`,
      rawPath: request.rawPath,
      rawQueryString: request.rawQueryString ?? '',
      headers,
      ...queryStringParameters(request.rawQueryString),
      ...(request.pathParameters && Object.keys(request.pathParameters).length ? { pathParameters: request.pathParameters } : {}),
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: request.method,
          path: request.rawPath,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: `${request.method} ${request.routePath}`,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
      isBase64Encoded: false,
  };
};

/** A Lambda context whose remaining time counts down from the function's timeout, as on AWS. */
export const lambdaContext = (functionName: string, timeoutSeconds = apiFunctionTimeoutSeconds): Context => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
