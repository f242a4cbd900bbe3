/** The page's one door to the HTTP API (API.md v2): JSON in and out, the contract's error body, safe retries. */

export const clientErrorCode = {
  network: 'NETWORK_ERROR',
} as const;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  /** A user key or a queue token: `Authorization: Bearer …`. */
  readonly credential?: string | undefined;
  readonly idempotencyKey?: string;
  /** A solved proof-of-work challenge for `X-Challenge`. */
  readonly challenge?: string;
}

/** Codes for answers without the contract's body (an edge's own 429 or 502, say). */
const codeForBareStatus = (status: number): string => {
  if (status === 401) return 'INVALID_TOKEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  if (status >= 500 && status !== 500) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL_ERROR';
};

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

export const request = async <T>(path: string, options: RequestOptions = {}): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.credential) headers.authorization = `Bearer ${options.credential}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.challenge) headers['x-challenge'] = options.challenge;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, clientErrorCode.network, 'the server could not be reached', undefined);
  }
  const data = parseJson(await response.text());
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : codeForBareStatus(response.status),
    typeof error?.message === 'string' ? error.message : response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
};

/** Worth sending again as it was: nothing was decided (network lost, throttled, storage busy). */
export const isRetryable = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status === 503 || error.status === 502 || error.status === 504);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `send` again while the failure is retryable, honouring Retry-After (capped: a fan is watching).
 * Money routes pass the same Idempotency-Key each time, so a retry can never pay twice.
 */
export const withRetries = async <T>(send: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined;
      await pause(Math.min(5, retryAfter ?? attempt) * 1000);
    }
  }
};

/** A fresh Idempotency-Key (1..64 of [A-Za-z0-9_-]). */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
