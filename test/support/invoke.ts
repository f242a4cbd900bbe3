import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalRequest } from '../../local/api-gateway-event';
import { lambdaContext, toApiGatewayEvent } from '../../local/api-gateway-event';

export type HttpHandler = (event: never, context: never) => Promise<APIGatewayProxyStructuredResultV2>;

export interface InvokeResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on parsed JSON freely
}

/** Calls a handler with an API Gateway HTTP API event, as the local server and API Gateway do. */
export const invoke = async (
  handler: HttpHandler,
  request: Partial<Omit<LocalRequest, 'body'>> & { body?: unknown; token?: string },
): Promise<InvokeResult> => {
  const { token, body, ...rest } = request;
  const event = toApiGatewayEvent({
    method: rest.method ?? 'GET',
    routePath: rest.routePath ?? rest.rawPath ?? '/',
    rawPath: rest.rawPath ?? '/',
    ...rest,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...rest.headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const response = await handler(event as never, lambdaContext('test') as never);
  return {
    statusCode: response.statusCode ?? 200,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: response.body ? JSON.parse(response.body) : undefined,
  };
};
