/**
 * One HTTP exchange as the crash clients see it: an answer (any status), or a failure that says whether the
 * request may have reached the server. A refused connection never did; a reset, a closed socket or a timeout may
 * have, so the write's outcome is unknown until a retry answers.
 */
export type Exchange =
  | { readonly kind: 'answer'; readonly status: number; readonly json: unknown }
  | { readonly kind: 'refused' }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The API key; none for public routes. */
  readonly key?: string;
  readonly body?: unknown;
  /** Extra headers (`x-tenant-id` for the bootstrap key). */
  readonly headers?: Record<string, string>;
}

/** Per attempt: a server that is up answers a write well within this, even on a busy machine. */
export const ATTEMPT_TIMEOUT_MS = 15_000;

function errorCode(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.code ?? err.name ?? 'error';
}

/** Sends `spec` to the server on `port` (loopback). Never throws. */
export async function exchange(port: number, spec: RequestSpec, timeoutMs = ATTEMPT_TIMEOUT_MS): Promise<Exchange> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
      method: spec.method,
      headers: {
        ...(spec.key === undefined ? {} : { authorization: `Bearer ${spec.key}` }),
        ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...spec.headers,
      },
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // A body that is not JSON is kept as text (a proxy page, a truncated answer).
    }
    return { kind: 'answer', status: res.status, json };
  } catch (e) {
    const code = errorCode(e);
    return code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'unknown', reason: code };
  }
}

/** Whether an answer is one a client retries: the server is failing or overloaded, not refusing the write. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
