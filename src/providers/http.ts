/**
 * The one place that speaks HTTP to aggregators (ofetch underneath). It never throws for an HTTP
 * answer: it reports what came back (status, parsed JSON or not), that nothing came back in time
 * (timeout, network), or that the answer was too large to read, so each client can map that to its
 * aggregator's rules. It never retries: lookups opt into one retry through `withOneRetry`; commits
 * are never retried.
 *
 * The timeout covers the whole exchange, body included: ofetch's own `timeout` stops counting once
 * the headers arrive, so an aggregator that sends headers and then trickles its body would hold a
 * chat (and a payment) for as long as it likes. Bodies are read with a cap (`MAX_ANSWER_BYTES`).
 *
 * Requests carry no query string: tokens travel in JSON bodies (Khalti) or headers (Global Topup),
 * never in a URL that proxies and access logs keep. Khalti documents some calls as GET with a JSON
 * body (status lookup, balance): fetch cannot send a body with GET, so those go through Node's own
 * HTTP client, with the same timeout and cap.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { FetchError, ofetch } from "ofetch";

/** The largest answer read from an aggregator; a longer one is refused unread. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export type HttpResult =
  | { kind: "answer"; status: number; json: unknown; isJson: true }
  | { kind: "answer"; status: number; text: string; isJson: false }
  | { kind: "timeout" }
  | { kind: "network"; detail: string }
  /** An answer longer than `MAX_ANSWER_BYTES` (its status, when the headers said it). */
  | { kind: "oversized"; status: number };

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  /** JSON body (POST, or GET where the aggregator documents a GET with a JSON body). */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** For the whole exchange: connection, headers and body. */
  timeoutMs: number;
}

/** Sends one request, once. Error details never include the URL, body or headers (secrets). */
export async function send(req: HttpRequest): Promise<HttpResult> {
  if (req.method === "GET" && req.body !== undefined) return sendGetWithBody(req);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutError()), req.timeoutMs);
  try {
    // With a signal of ours, ofetch sets no timer of its own; the signal also ends the body's read.
    const res = await ofetch.raw<unknown, "stream">(req.url, {
      method: req.method,
      body: req.body,
      headers: { Accept: "application/json", ...req.headers },
      signal: controller.signal,
      retry: 0,
      ignoreResponseError: true,
      responseType: "stream",
    });
    const declared = Number(res.headers.get("content-length") ?? NaN);
    if (declared > MAX_ANSWER_BYTES) {
      await res._data?.cancel().catch(() => undefined);
      return { kind: "oversized", status: res.status };
    }
    const text = await readCapped(res._data, MAX_ANSWER_BYTES);
    if (text === undefined) return { kind: "oversized", status: res.status };
    try {
      return { kind: "answer", status: res.status, json: JSON.parse(text) as unknown, isJson: true };
    } catch {
      return { kind: "answer", status: res.status, text: text.slice(0, 500), isJson: false };
    }
  } catch (err) {
    if (controller.signal.aborted || isTimeout(err)) return { kind: "timeout" };
    return { kind: "network", detail: describeNetworkError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** A GET with a JSON body (as Khalti documents its status and balance calls), over node:http(s). */
function sendGetWithBody(req: HttpRequest): Promise<HttpResult> {
  const payload = Buffer.from(JSON.stringify(req.body));
  const url = new URL(req.url);
  const headers = { Accept: "application/json", "Content-Type": "application/json", "Content-Length": String(payload.length), ...req.headers };
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const onAnswer = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (Number(res.headers["content-length"] ?? NaN) > MAX_ANSWER_BYTES) {
        res.destroy();
        return done({ kind: "oversized", status });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          res.destroy();
          return done({ kind: "oversized", status });
        }
        chunks.push(chunk);
      });
      res.on("error", (err) => done({ kind: "network", detail: describeNetworkError(err) }));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          done({ kind: "answer", status, json: JSON.parse(text) as unknown, isJson: true });
        } catch {
          done({ kind: "answer", status, text: text.slice(0, 500), isJson: false });
        }
      });
    };
    const call = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, { method: "GET", headers }, onAnswer);
    const timer = setTimeout(() => {
      done({ kind: "timeout" });
      call.destroy();
    }, req.timeoutMs);
    call.on("error", (err) => done({ kind: "network", detail: describeNetworkError(err) }));
    call.end(payload);
  });
}

/** The body as UTF-8 text; undefined (and the rest left unread) once it passes `limit` bytes. */
async function readCapped(body: ReadableStream<Uint8Array> | undefined, limit: number): Promise<string | undefined> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function timeoutError(): Error {
  const err = new Error("the aggregator did not answer in time");
  err.name = "TimeoutError";
  return err;
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
  if (result.kind === "oversized") return false;
  return result.kind !== "answer" || result.status >= 500;
}

/** Runs a read-only call, and runs it once more when the first attempt is retryable. */
export async function withOneRetry(call: () => Promise<HttpResult>): Promise<HttpResult> {
  const first = await call();
  if (!isRetryable(first)) return first;
  return call();
}
