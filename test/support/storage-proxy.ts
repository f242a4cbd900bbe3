import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  /** DynamoDB operation, e.g. `TransactWriteItems`. */
  readonly operation: string;
  /** When the service sent it (arrival at the proxy). */
  readonly sentAtMs: number;
}

const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
export const isWrite = (call: ProxiedCall): boolean => writeOperations.has(call.operation);

/**
 * An HTTP proxy in front of DynamoDB Local that can make the store slow (every answer delayed) or stalled
 * (requests held, unanswered, until resumed, as a SIGSTOPped process would), and records every call it gets.
 */
export class StorageProxy {
  public readonly calls: ProxiedCall[] = [];
  public delayMs = 0;
  private stalled: (() => void)[] | undefined;
  private server: Server | undefined;

  public constructor(private readonly upstream: string) {}

  public async start(): Promise<string> {
    this.server = createServer((request, response) => void this.forward(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stall(): void {
    this.stalled ??= [];
  }

  /** Lets held requests through, in arrival order. */
  public resume(): void {
    const held = this.stalled ?? [];
    this.stalled = undefined;
    for (const release of held) release();
  }

  public async stop(): Promise<void> {
    this.resume();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.calls.push({ operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '', sentAtMs: Date.now() });
    if (this.stalled) await new Promise<void>((resolve) => this.stalled!.push(resolve));
    const target = new URL(request.url ?? '/', this.upstream);
    const upstream = httpRequest(target, { method: request.method, headers: request.headers }, (answer) => {
      const body: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => body.push(chunk));
      answer.on('end', () => {
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          response.end(Buffer.concat(body));
        }, this.delayMs);
      });
    });
    upstream.on('error', () => response.destroy());
    upstream.end(Buffer.concat(chunks));
  }
}
