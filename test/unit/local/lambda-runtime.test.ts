import type { Context } from 'aws-lambda';
import { lambdaContext, toApiGatewayEvent } from '../../../local/api-gateway-event';
import { concurrentInvocationsEnvironment, installInvokeStore, runInvocation } from '../../../local/lambda-runtime';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

describe('local Lambda runtime', () => {
  const written: Record<string, unknown>[] = [];
  let failingAfter: (gate: Promise<void>) => Handler;
  let backgroundLogging: (message: string) => Handler;

  const invokeAs = (functionName: string, handler: Handler, event: unknown = {}) => {
    const context = lambdaContext(functionName);
    return runInvocation(context.awsRequestId, () => handler(event, context));
  };
  const httpEvent = () => toApiGatewayEvent({ method: 'GET', routePath: '/x', rawPath: '/x', headers: {} });
  const linesSaying = (message: string) => written.filter((line) => line.message === message);

  beforeAll(async () => {
    await installInvokeStore();
    Object.assign(process.env, concurrentInvocationsEnvironment);
    // Read by the logger when it is built, and again at every invocation (Powertools resets the level then).
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const capture = (chunk: string | Uint8Array) => {
      written.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    // Imported after the environment is set, as the local server imports handler modules.
    const { httpRoute } = await import('../../../lambdas/handlers/http/http-route');
    const { logger } = await import('../../../lambdas/observability/logger');
    const { observedHandler } = await import('../../../lambdas/observability/observed-handler');
    failingAfter = (gate) =>
      httpRoute({}, async () => {
        await gate;
        throw new Error('boom');
      }) as unknown as Handler;
    // A background function as the sweeper is built: Powertools' middlewares, then its work.
    backgroundLogging = (message) =>
      observedHandler<unknown, void>().handler(async () => {
        logger.info(message);
      }) as unknown as Handler;
  });

  afterAll(() => {
    jest.restoreAllMocks();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    for (const name of Object.keys(concurrentInvocationsEnvironment)) delete process.env[name];
  });

  beforeEach(() => {
    written.length = 0;
  });

  it('labels the lines of two functions invoked in turn each with its own function name and request id', async () => {
    // The seen bug: a sweeper run after an HTTP function logged "sweep finished" as create-user.
    await invokeAs('create-user', failingAfter(Promise.resolve()), httpEvent());
    await invokeAs('sweeper', backgroundLogging('sweep changed something'));
    await invokeAs('expire-active-token', backgroundLogging('token expired'));

    const [httpLine] = linesSaying('unexpected error');
    const [sweeperLine] = linesSaying('sweep changed something');
    const [expiryLine] = linesSaying('token expired');
    expect([httpLine?.function_name, sweeperLine?.function_name, expiryLine?.function_name]).toEqual(['create-user', 'sweeper', 'expire-active-token']);
    expect(new Set([httpLine?.function_request_id, sweeperLine?.function_request_id, expiryLine?.function_request_id]).size).toBe(3);
    // API Gateway's request id belongs to the HTTP invocation only; it does not stick to the next function's lines.
    expect(httpLine?.requestId).toEqual(expect.any(String));
    expect(sweeperLine).not.toHaveProperty('requestId');
  });

  it('labels every line with the function and request of its own invocation, however invocations interleave', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // "sweeper" starts first and is still running when "create-user" starts, logs and ends; then "sweeper" logs.
    const first = invokeAs('sweeper', failingAfter(gate), httpEvent());
    await new Promise((resolve) => setImmediate(resolve));
    await invokeAs('create-user', failingAfter(Promise.resolve()), httpEvent());
    open();
    await first;

    const lines = linesSaying('unexpected error');
    expect(lines.map((line) => line.function_name)).toEqual(['create-user', 'sweeper']);
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBe(2);
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(2);
  });
});
