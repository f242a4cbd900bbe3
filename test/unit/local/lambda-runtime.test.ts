import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpRoute } from '../../../lambdas/handlers/http/http-route';
import { logger } from '../../../lambdas/observability/logger';
import { lambdaContext, toApiGatewayEvent } from '../../../local/api-gateway-event';
import { concurrentInvocationsEnvironment, installInvokeStore, runInvocation } from '../../../local/lambda-runtime';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const failingAfter = (gate: Promise<void>) =>
  httpRoute({}, async () => {
    await gate;
    throw new Error('boom');
  }) as unknown as Handler;

const invokeAs = (functionName: string, handler: Handler) => {
  const context = lambdaContext(functionName);
  const event = toApiGatewayEvent({ method: 'GET', routePath: '/x', rawPath: '/x', headers: {} });
  return runInvocation(context.awsRequestId, () => handler(event, context));
};

describe('local Lambda runtime', () => {
  const written: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await installInvokeStore();
    Object.assign(process.env, concurrentInvocationsEnvironment);
    logger.setLogLevel('ERROR');
    const capture = (chunk: string | Uint8Array) => {
      written.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterAll(() => {
    jest.restoreAllMocks();
    logger.setLogLevel('SILENT');
    for (const name of Object.keys(concurrentInvocationsEnvironment)) delete process.env[name];
  });

  it('labels every line with the function and request of its own invocation, however invocations interleave', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // "sweeper" starts first and is still running when "create-user" starts, logs and ends; then "sweeper" logs.
    const first = invokeAs('sweeper', failingAfter(gate));
    await new Promise((resolve) => setImmediate(resolve));
    await invokeAs('create-user', failingAfter(Promise.resolve()));
    open();
    await first;

    const lines = written.filter((line) => line.message === 'unexpected error');
    expect(lines.map((line) => line.function_name)).toEqual(['create-user', 'sweeper']);
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBe(2);
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(2);
  });
});
