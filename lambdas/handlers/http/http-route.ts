import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import { Deadline } from '../../domain/deadline';
import { observedHandler } from '../../observability/observed-handler';
import { runWithDeadline } from '../../use-cases/invocation-deadline';
import { jsonHeaders } from './error-response';
import { errorResponder, outOfTimeResponse } from './error-responder';
import { jsonBody, noBody } from './json-body';
import type { HttpResponse, HttpResult, RouteEvent } from './types';
import { validateRequest } from './validate-request';

type Middleware = MiddlewareObj<RouteEvent, HttpResponse>;

/** How a route learns who is calling: its middlewares, then the caller they established, never undefined. */
export interface RouteAuthentication<TCaller> {
  readonly middlewares: readonly Middleware[];
  readonly callerOf: (event: RouteEvent) => TCaller;
}

/** Who may call a route, and what runs before it. */
interface RouteMiddlewares<TCaller> {
  /** Runs after the input's checks, before `middlewares`: e.g. authenticateUser(); `run` then gets a non-optional `caller`. */
  readonly auth?: RouteAuthentication<TCaller>;
  /** Runs after `auth`. */
  readonly middlewares?: readonly Middleware[];
}

interface RouteSpec<
  TBody extends z.ZodMiniType | undefined,
  TParams extends z.ZodMiniType | undefined,
  TCaller,
  TQuery extends z.ZodMiniType | undefined = undefined,
> extends RouteMiddlewares<TCaller> {
  readonly body?: TBody;
  /** The body may be left out (it then reads as `{}`); when sent, `body` checks it. */
  readonly bodyOptional?: true;
  readonly params?: TParams;
  readonly query?: TQuery;
}

type Output<T> = T extends z.ZodMiniType ? z.infer<T> : undefined;

interface RouteInput<TBody, TParams, TCaller, TQuery> {
  readonly body: TBody;
  readonly params: TParams;
  readonly query: TQuery;
  /** Who is calling, as the route's `auth` established it; `undefined` only on a route without `auth`. */
  readonly caller: TCaller;
  readonly event: RouteEvent;
}

/** Lower-cased header lookup: API Gateway HTTP APIs lower-case names, local callers may not. */
export const header = (event: RouteEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

export const toHttpResponse = (result: HttpResult): HttpResponse => ({
  statusCode: result.statusCode,
  headers: { ...(result.body === undefined ? {} : jsonHeaders), ...result.headers },
  ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
});

type RouteHandler = (event: RouteEvent, context: Context) => Promise<HttpResponse>;

/**
 * Runs the whole request (authentication included) under the invocation's deadline and answers 503 with
 * Retry-After when the deadline comes first. Once answered, either way, the deadline ends: storage calls still in
 * flight are abandoned and nothing new starts (the storage client and the retry policy check it).
 */
export const answerWithinDeadline =
  (handler: RouteHandler): RouteHandler =>
  async (event, context) => {
    const deadline =
      typeof context?.getRemainingTimeInMillis === 'function'
        ? Deadline.fromRemaining(context.getRemainingTimeInMillis(), Date.now())
        : Deadline.unbounded();
    const work = runWithDeadline(deadline, () => handler(event, context));
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = Number.isFinite(deadline.answerAtMs)
      ? [
          new Promise<HttpResponse>((resolve) => {
            timer = setTimeout(() => resolve(outOfTimeResponse(event)), Math.max(0, deadline.remainingMs(Date.now())));
          }),
        ]
      : [];
    try {
      return await Promise.race([work, ...outOfTime]);
    } finally {
      clearTimeout(timer);
      deadline.end('answered');
      // The abandoned work ends on its own (every storage call now refuses or aborts); nothing waits for it.
      work.catch(() => undefined);
    }
  };

/** The chain every route shares: error mapping, then `inputChecks`, `auth` and `middlewares`, then `run`. */
const routeHandler = <TCaller>(
  inputChecks: readonly Middleware[],
  spec: RouteMiddlewares<TCaller>,
  run: (event: RouteEvent, caller: TCaller) => Promise<HttpResult>,
): RouteHandler => {
  // answerWithinDeadline covers the whole chain; middy's own time-out (off) would cover only the handler.
  const handler = observedHandler<RouteEvent, HttpResponse>().use(errorResponder());
  for (const middleware of [...inputChecks, ...(spec.auth?.middlewares ?? []), ...(spec.middlewares ?? [])]) handler.use(middleware);
  return answerWithinDeadline(
    handler.handler(async (event) => toHttpResponse(await run(event, (spec.auth ? spec.auth.callerOf(event) : undefined) as TCaller))),
  );
};

/**
 * Builds a Lambda handler for one route: error mapping, JSON parsing, zod validation, the route's own
 * middlewares, then `run`, which calls one use case and maps its result.
 */
export const httpRoute = <
  TBody extends z.ZodMiniType | undefined = undefined,
  TParams extends z.ZodMiniType | undefined = undefined,
  TCaller = undefined,
  TQuery extends z.ZodMiniType | undefined = undefined,
>(
  spec: RouteSpec<TBody, TParams, TCaller, TQuery>,
  run: (input: RouteInput<Output<TBody>, Output<TParams>, TCaller, Output<TQuery>>) => Promise<HttpResult>,
): RouteHandler => {
  const inputChecks: Middleware[] = [
    spec.body ? jsonBody({ optional: spec.bodyOptional }) : noBody(),
    validateRequest({ body: spec.body, params: spec.params, query: spec.query }),
  ];
  return routeHandler(inputChecks, spec, (event, caller) =>
    run({
      body: event.validated?.body as Output<TBody>,
      params: event.validated?.params as Output<TParams>,
      query: event.validated?.query as Output<TQuery>,
      caller,
      event,
    }),
  );
};

/**
 * A route that reads no body, path or query parameters (at most its credential, from the headers): httpRoute
 * without the JSON parsing and zod validation, which its bundle then leaves out (about 3 KB of the 300 KB budget).
 * A body sent all the same is refused, unless `ignoresBody` (the `$default` route, whose answer is 404 whatever came).
 */
export const httpRouteWithoutInput = <TCaller = undefined>(
  spec: RouteMiddlewares<TCaller> & { readonly ignoresBody?: true },
  run: (input: { readonly caller: TCaller; readonly event: RouteEvent }) => Promise<HttpResult>,
): RouteHandler => routeHandler(spec.ignoresBody ? [] : [noBody()], spec, (event, caller) => run({ caller, event }));
