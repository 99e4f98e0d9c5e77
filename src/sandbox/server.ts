/**
 * The sandbox: one real HTTP server that plays both payment aggregators for tests and manual runs,
 * following /work/shared/upstream-docs exactly.
 *
 * - Khalti services at `url` (token in the JSON body): times, konnect, worldlink-v2, hashcnet-v2
 *   (`khalti/`), `/api/service/status/` and `/api/balance`.
 * - Global Topup at `url + "/api/v1"` (`x-auth-token` header): `/np/recharge/package`,
 *   `/np/recharge/execute` (`globaltopup/merosoft.ts`), `/np/order/status`, `/np/service/status`.
 * - Control endpoints under `/__sandbox/` (faults, commits, settle, reset).
 *
 * This file serves HTTP: it reads the body, finds the aggregator's endpoint, records every commit
 * request (accepted or not) and the names of every request's query parameters, and applies the
 * faults (`faults.ts`) to the answers: a delay, HTTP 500, garbage or a wrong shape, a trickled or
 * oversized body, lists reordered, or a commit that ends Queued or Failed. The sandbox never logs
 * or stores a token, and echoes one only when the `echoToken` fault asks it to.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Book, type Json, type PlayedAggregator, type Reply, answerOf, idText, parseObject } from "./common.js";
import { type ActiveFault, Faults, breakShape, commitOutcome, echoToken, oversized, reorderLists, stopsCommit } from "./faults.js";
import { DEFAULT_GLOBALTOPUP_TOKEN, GlobalTopup } from "./globaltopup/common.js";
import { merosoft } from "./globaltopup/merosoft.js";
import { DEFAULT_KHALTI_TOKEN, Khalti } from "./khalti/common.js";
import { hashcnet } from "./khalti/hashcnet.js";
import { KONNECT } from "./khalti/konnect.js";
import { TIMES } from "./khalti/times.js";
import { WORLDLINK } from "./khalti/worldlink.js";
import type { CommitRecord, RequestRecord, Sandbox, SandboxOptions } from "./types.js";

export type { CommitRecord, FaultSpec, RequestRecord, Sandbox, SandboxFamily, SandboxOptions, SandboxState } from "./types.js";
export { DEFAULT_GLOBALTOPUP_TOKEN } from "./globaltopup/common.js";
export { DEFAULT_KHALTI_TOKEN } from "./khalti/common.js";

const MAX_BODY_BYTES = 1_000_000;
/** How many requests `requests` keeps. */
const MAX_REQUEST_RECORDS = 1000;

/** Starts a sandbox (default: 127.0.0.1, a random port, the default tokens). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxServer(opts.khaltiToken ?? DEFAULT_KHALTI_TOKEN, opts.globaltopupToken ?? DEFAULT_GLOBALTOPUP_TOKEN);
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer((req, res) => {
    core.handle(req, res).catch(() => {
      // Only reached if answering itself failed (socket gone): nothing left to do.
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { detail: "Internal Server Error" });
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    khaltiBaseUrl: url,
    globaltopupBaseUrl: `${url}/api/v1`,
    khaltiToken: core.khaltiToken,
    globaltopupToken: core.globaltopupToken,
    commits: core.book.commits,
    requests: core.requests,
    injectFault: (f) => core.faults.inject(f),
    settle: (reference, state) => core.book.settle(reference, state),
    reset: () => core.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        core.shutdown();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}

/** Both aggregators, the book, the faults, and the HTTP that reaches them. */
class SandboxServer {
  readonly book = new Book();
  readonly faults = new Faults();
  readonly requests: RequestRecord[] = [];
  private readonly khalti: Khalti;
  private readonly globalTopup: GlobalTopup;
  private readonly aborter = new AbortController();

  constructor(
    readonly khaltiToken: string,
    readonly globaltopupToken: string,
  ) {
    this.khalti = new Khalti(khaltiToken, this.book, [TIMES, KONNECT, WORLDLINK, hashcnet()]);
    this.globalTopup = new GlobalTopup(globaltopupToken, this.book, [merosoft]);
  }

  /** Forgets sessions, references, commits and faults; restores the Khalti credits. */
  reset(): void {
    this.faults.clear();
    this.requests.length = 0;
    this.khalti.reset();
    this.globalTopup.reset();
    this.book.reset();
  }

  /** Ends every pending delay (the server destroys the sockets). */
  shutdown(): void {
    this.aborter.abort();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const path = url.pathname;
    const method = req.method ?? "GET";
    // Khalti documents GETs with a JSON body (status, balance): a body is read whatever the method.
    const raw = method === "HEAD" ? "" : await readBody(req);
    if (raw === undefined) {
      sendJson(res, 413, { detail: "Request body too large" });
      return;
    }
    try {
      if (path.startsWith("/__sandbox/")) {
        this.control(method, path, raw, res);
      } else if (path === "/api/v1" || path.startsWith("/api/v1/")) {
        await this.serve(this.globalTopup, req, path.slice("/api/v1".length), url.searchParams, raw, res);
      } else {
        await this.serve(this.khalti, req, path, url.searchParams, raw, res);
      }
    } catch (err) {
      if (err instanceof Error && err.message === "closed") return;
      throw err;
    }
  }

  private control(method: string, path: string, raw: string, res: ServerResponse): void {
    const ok = () => sendJson(res, 200, { ok: true });
    const fail = (status: number, error: string) => sendJson(res, status, { ok: false, error });
    const body = parseObject(raw);
    if (method === "POST" && path === "/__sandbox/faults") {
      if (!body) return fail(400, "the body must be a JSON fault spec");
      try {
        this.faults.inject(body);
      } catch (err) {
        return fail(400, (err as Error).message);
      }
      return ok();
    }
    if (method === "GET" && path === "/__sandbox/commits") return sendJson(res, 200, this.book.commits);
    if (method === "POST" && path === "/__sandbox/settle") {
      const reference = body ? idText(body.reference) : undefined;
      if (!body || !reference || (body.state !== "Success" && body.state !== "Failed")) {
        return fail(400, 'the body must be {"reference": "...", "state": "Success" | "Failed"}');
      }
      try {
        this.book.settle(reference, body.state);
      } catch (err) {
        const message = (err as Error).message;
        return fail(message.startsWith("no accepted") ? 404 : 409, message);
      }
      return ok();
    }
    if (method === "POST" && path === "/__sandbox/reset") {
      this.reset();
      return ok();
    }
    fail(404, "Not found");
  }

  /** One request to an aggregator: endpoint, token and body, fault, then the endpoint's answer. */
  private async serve(
    api: PlayedAggregator,
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    raw: string,
    res: ServerResponse,
  ): Promise<void> {
    this.requests.push({ aggregator: api.name, method: req.method ?? "GET", path, query: [...new Set(query.keys())] });
    if (this.requests.length > MAX_REQUEST_RECORDS) this.requests.splice(0, this.requests.length - MAX_REQUEST_RECORDS);
    const route = api.route(path);
    if (!route || !(route.methods ?? ["POST"]).includes(req.method ?? "GET")) return sendJson(res, 404, api.wire.notFound);
    const read = api.read(req, route, query, raw);
    if ("refusal" in read) {
      if (route.kind === "commit") {
        const b = read.body ?? {};
        this.book.record(api.name, route.family, b, b[api.referenceField]).error = String((read.refusal.body as Json).message);
      }
      return sendJson(res, read.refusal.status, read.refusal.body);
    }
    const body = read.body;
    const fault = this.faults.take(api.name, route.kind);
    if (route.kind === "commit") {
      const record = this.book.record(api.name, route.family, body, body[api.referenceField]);
      if (stopsCommit(fault)) return this.unprocessedCommit(res, fault, record, api);
      const reply = answerOf(() => route.commit(body, record, commitOutcome(fault)));
      if (!record.accepted) {
        const b = reply.body as Json;
        record.error = [b.message, b.details].filter((x) => typeof x === "string" && x !== "").join(": ");
      }
      return this.deliver(res, reply, fault, api);
    }
    if (fault?.fault === "http500") return sendJson(res, 500, api.wire.serverError);
    return this.deliver(res, answerOf(() => route.answer(body)), fault, api);
  }

  /**
   * Answers `reply`, as changed by the fault (timeout delay, HTTP 500, garbage, broken shape, a
   * trickled or oversized body, the token echoed, lists reordered).
   */
  private async deliver(res: ServerResponse, reply: Reply, fault: ActiveFault | undefined, api: PlayedAggregator): Promise<void> {
    if (fault?.fault === "timeout") await this.sleep(fault.delayMs);
    switch (fault?.fault) {
      case "http500":
        return sendJson(res, 500, api.wire.serverError);
      case "malformed":
        return sendText(res, 200, api.wire.garbled);
      case "badShape":
        return sendJson(res, reply.status, breakShape(reply.body, api.outcomePath));
      case "slowBody":
        return this.trickle(res, reply.status, JSON.stringify(reply.body), fault.delayMs);
      case "oversized":
        return sendChunked(res, reply.status, oversized(reply.body, fault.sizeBytes));
      case "echoToken":
        return sendJson(res, reply.status, echoToken(reply.body, api.name === "khalti" ? this.khaltiToken : this.globaltopupToken));
      case "reorder":
        return sendJson(res, reply.status, reorderLists(reply.body));
      default:
        return sendJson(res, reply.status, reply.body);
    }
  }

  /** The headers at once (with the length), then `text` in 20 pieces spread over `overMs`. */
  private async trickle(res: ServerResponse, status: number, text: string, overMs: number): Promise<void> {
    const bytes = Buffer.from(text);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": bytes.length });
    const pieces = 20;
    const size = Math.ceil(bytes.length / pieces);
    for (let i = 0; i < pieces && !res.destroyed; i++) {
      res.write(bytes.subarray(i * size, (i + 1) * size));
      await this.sleep(overMs / pieces);
    }
    res.end();
  }

  /**
   * A commit fault that stops the commit from taking effect (http500, timeout or malformed with
   * `processed: false`): the commit is recorded as refused and never reaches validation.
   */
  private async unprocessedCommit(res: ServerResponse, fault: ActiveFault, record: CommitRecord, api: PlayedAggregator): Promise<void> {
    record.accepted = false;
    record.error = `${fault.fault} fault: not processed`;
    if (fault.fault === "timeout") {
      await this.sleep(fault.delayMs);
      return sendJson(res, 504, api.wire.gatewayTimeout);
    }
    if (fault.fault === "http500") return sendJson(res, 500, api.wire.serverError);
    return sendText(res, 200, api.wire.garbled);
  }

  /** Waits `ms`; rejects with "closed" when the sandbox closes first. */
  private sleep(ms: number): Promise<void> {
    const signal = this.aborter.signal;
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new Error("closed"));
        return;
      }
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error("closed"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends `text` without a length (chunked), in 64 KB pieces. */
function sendChunked(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "Content-Type": "application/json" });
  for (let i = 0; i < text.length; i += 65_536) res.write(text.slice(i, i + 65_536));
  res.end();
}

/** The request body as text; undefined when it is larger than `MAX_BODY_BYTES`. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
