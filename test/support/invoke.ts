import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalRequest } from '../../local/api-gateway-event';
import { lambdaContext, toApiGatewayEvent } from '../../local/api-gateway-event';
import { assertMatchesContract } from './openapi-contract';

export type HttpHandler = (event: never, context: never) => Promise<APIGatewayProxyStructuredResultV2>;

export interface InvokeResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on parsed JSON freely
}

export type InvokeRequest = Partial<Omit<LocalRequest, 'body'>> & { body?: unknown; token?: string };

const call = async (
  handler: HttpHandler,
  request: InvokeRequest,
): Promise<{ response: APIGatewayProxyStructuredResultV2; result: InvokeResult }> => {
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
    response,
    result: {
      statusCode: response.statusCode ?? 200,
      headers: (response.headers ?? {}) as Record<string, string>,
      body: response.body ? JSON.parse(response.body) : undefined,
    },
  };
};

/**
 * Checks a handler's response against docs/openapi.json by method, `rawPath` and status (it throws on a deviation).
 * `invoke` does it for every call; a test that must time the answer itself calls the handler and then this.
 */
export const assertHandlerResponseMatchesContract = (
  request: { readonly method?: string; readonly rawPath?: string },
  response: APIGatewayProxyStructuredResultV2,
): void => {
  const contentType = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  assertMatchesContract({
    method: request.method ?? 'GET',
    path: request.rawPath ?? '/',
    status: response.statusCode ?? 200,
    contentType: contentType === undefined ? undefined : String(contentType),
    body: response.body ?? '',
  });
};

/**
 * Calls a handler with an API Gateway HTTP API event, as the local server and API Gateway do, and checks the
 * response against docs/openapi.json (assertHandlerResponseMatchesContract).
 */
export const invoke = async (handler: HttpHandler, request: InvokeRequest): Promise<InvokeResult> => {
  const { response, result } = await call(handler, request);
  assertHandlerResponseMatchesContract(request, response);
  return result;
};

/** `invoke` without the contract check, for middleware tests whose handlers are not routes of the API. */
export const invokeOutsideContract = async (handler: HttpHandler, request: InvokeRequest): Promise<InvokeResult> =>
  (await call(handler, request)).result;
