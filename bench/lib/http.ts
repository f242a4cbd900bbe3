import { Pool } from 'undici';
import type { Recorder } from './stats';

/** Parsed reply: `code` is the contract error code when the body is an error. */
export interface ApiReply {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scenarios read the fields they need from JSON
  readonly body: any;
  readonly code: string | undefined;
  readonly ms: number;
}

export interface ApiRequest {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Lets at most `limit` callers run at once; the rest wait in arrival order. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  public constructor(private readonly limit: number) {}

  public async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/**
 * The benchmark's HTTP client: an undici Pool with one connection per request in flight, and at most
 * `concurrency` requests in flight. Latency is measured from the moment a request gets its slot, so time spent
 * queueing in the load generator is not charged to the server.
 */
export class ApiClient {
  public readonly concurrency: number;
  private readonly pool: Pool;
  private readonly limiter: Limiter;
  private readonly recorder: Recorder;
  private readonly baseUrl: string;

  public constructor(
    baseUrl: string,
    options: { readonly concurrency: number; readonly recorder: Recorder },
    /** Connections and in-flight bound of another client (see recordingTo). */
    shared?: { readonly pool: Pool; readonly limiter: Limiter },
  ) {
    this.pool = shared?.pool ?? new Pool(baseUrl, { connections: options.concurrency, pipelining: 1, keepAliveTimeout: 4_000 });
    this.limiter = shared?.limiter ?? new Limiter(options.concurrency);
    this.recorder = options.recorder;
    this.baseUrl = baseUrl;
    this.concurrency = options.concurrency;
  }

  /** The same connections and in-flight bound, recording into another recorder (one per scenario phase). */
  public recordingTo(recorder: Recorder): ApiClient {
    return new ApiClient(this.baseUrl, { concurrency: this.concurrency, recorder }, { pool: this.pool, limiter: this.limiter });
  }

  /** Sends one request; `label` groups its latency and outcome in the recorder (e.g. `POST /reservations`). */
  public request(label: string, method: 'GET' | 'POST' | 'DELETE', path: string, request: ApiRequest = {}): Promise<ApiReply> {
    return this.limiter.run(async () => {
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      if (request.token) headers.authorization = `Bearer ${request.token}`;
      const started = performance.now();
      try {
        const response = await this.pool.request({
          method,
          path,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        });
        const text = await response.body.text();
        const ms = performance.now() - started;
        const body = text ? JSON.parse(text) : undefined;
        const code = typeof body?.error?.code === 'string' ? (body.error.code as string) : undefined;
        this.recorder.record(label, ms, code ? `${response.statusCode} ${code}` : String(response.statusCode));
        return { status: response.statusCode, body, code, ms };
      } catch (error) {
        this.recorder.record(label, performance.now() - started, `network ${(error as { code?: string }).code ?? (error as Error).name}`);
        throw error;
      }
    });
  }

  public async close(): Promise<void> {
    await this.pool.close();
  }
}
