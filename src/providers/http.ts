/**
 * The one place that speaks HTTP to aggregators (ofetch underneath). It never throws for an HTTP
 * answer: it reports what came back (status, parsed JSON or not) or that nothing came back
 * (timeout, network), so each client can map that to its aggregator's rules. It never retries:
 * lookups opt into one retry through `withOneRetry`; commits are never retried.
 */
import { FetchError, ofetch } from "ofetch";

export type HttpResult =
  | { kind: "answer"; status: number; json: unknown; isJson: true }
  | { kind: "answer"; status: number; text: string; isJson: false }
  | { kind: "timeout" }
  | { kind: "network"; detail: string };

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  /** JSON body for POST. */
  body?: Record<string, unknown>;
  /** Query parameters (GET). */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** Sends one request, once. Error details never include the URL, body or headers (secrets). */
export async function send(req: HttpRequest): Promise<HttpResult> {
  try {
    const res = await ofetch.raw(req.url, {
      method: req.method,
      body: req.body,
      query: req.query,
      headers: { Accept: "application/json", ...req.headers },
      timeout: req.timeoutMs,
      retry: 0,
      ignoreResponseError: true,
      responseType: "text",
    });
    const text = typeof res._data === "string" ? res._data : "";
    try {
      return { kind: "answer", status: res.status, json: JSON.parse(text) as unknown, isJson: true };
    } catch {
      return { kind: "answer", status: res.status, text: text.slice(0, 500), isJson: false };
    }
  } catch (err) {
    if (isTimeout(err)) return { kind: "timeout" };
    return { kind: "network", detail: describeNetworkError(err) };
  }
}

function isTimeout(err: unknown): boolean {
  const names = [err, (err as { cause?: unknown })?.cause].map((e) => (e as { name?: string })?.name);
  return names.includes("TimeoutError") || names.includes("AbortError");
}

/** A short, secret-free description: the error code (ECONNREFUSED...) and nothing of the request. */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof FetchError ? err.cause : (err as { cause?: unknown })?.cause;
  const code = (cause as { code?: string })?.code ?? (err as { code?: string })?.code;
  return code ? `network error (${code})` : "network error";
}

/** Whether a result is worth one more try for a read-only call: no answer, or a 5xx. */
export function isRetryable(result: HttpResult): boolean {
  return result.kind !== "answer" || result.status >= 500;
}

/** Runs a read-only call, and runs it once more when the first attempt is retryable. */
export async function withOneRetry(call: () => Promise<HttpResult>): Promise<HttpResult> {
  const first = await call();
  if (!isRetryable(first)) return first;
  return call();
}
