import { RouteNotFoundError } from './http/error-response';
import { httpRouteWithoutInput } from './http/http-route';

/**
 * API Gateway's `$default` route on AWS: a method and path that match no route get the contract's 404
 * `NOT_FOUND` body instead of the gateway's own `{"message":"Not Found"}`. The local gateway answers these itself.
 */
export const handler = httpRouteWithoutInput({ ignoresBody: true }, async ({ event }) => {
  throw new RouteNotFoundError(event.requestContext.http.method, event.rawPath);
});
