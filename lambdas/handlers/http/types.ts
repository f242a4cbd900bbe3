import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LiveQueueTokenStatus } from '../../domain/queue';
import type { BearerClaims } from '../../use-cases/queue/ports';
import type { AuthenticatedUser } from '../../use-cases/users/authenticate-user';

/** Who is calling a queue-token route, established by the authenticate middleware from the bearer queue token. */
export interface Caller {
  readonly userId: string;
  readonly tokenId: string;
  readonly concertId: string;
  readonly status: LiveQueueTokenStatus;
}

/** An API Gateway HTTP API (payload 2.0) event after the route's middlewares ran. */
export interface RouteEvent extends APIGatewayProxyEventV2 {
  /** Body, path and query parameters as validated by the route's schemas. */
  validated?: { body?: unknown; params?: unknown; query?: unknown };
  /** What the verified bearer JWT says (verifyBearerToken); whether the token is live is checked separately. */
  claims?: BearerClaims;
  caller?: Caller;
  /** The user of a "(user)" route, from a user key or a live queue token (requireUser). */
  user?: AuthenticatedUser;
}

export type HttpResponse = APIGatewayProxyStructuredResultV2;

export interface HttpResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}
