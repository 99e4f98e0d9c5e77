/**
 * The sandbox: one real HTTP server that plays both payment aggregators for tests and manual runs,
 * following /work/shared/upstream-docs exactly.
 *
 * - Khalti services at `url` (token in the JSON body): times, konnect, worldlink-v2, hashcnet-v2,
 *   `/api/service/status/` and `/api/balance`.
 * - Global Topup at `url + "/api/v1"` (`x-auth-token` header): `/np/recharge/package`,
 *   `/np/recharge/execute`, `/np/order/status`, `/np/service/status`.
 * - Control endpoints under `/__sandbox/` (faults, commits, settle, reset).
 *
 * Every commit request is recorded in `commits`, accepted or not. Faults (`injectFault`) make the
 * next matching requests time out, fail with HTTP 500, answer garbage or a wrong shape, or make a
 * commit end Queued or Failed. The sandbox never logs, stores or echoes a token.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  DEFAULT_GLOBALTOPUP_TOKEN,
  DEFAULT_KHALTI_TOKEN,
  GLOBALTOPUP_CUSTOMERS,
  GLOBALTOPUP_FIRST_SESSION_ID,
  GLOBALTOPUP_FIRST_TRANSACTION_ID,
  GLOBALTOPUP_INTERNET_TYPE_ID,
  GLOBALTOPUP_OPERATORS,
  HASHCNET_ACCOUNTS,
  HASHCNET_SLUGS,
  KHALTI_FIRST_COMMIT_ID,
  KHALTI_FIRST_SESSION_ID,
  KHALTI_START_CREDITS,
  KONNECT_ACCOUNTS,
  KONNECT_SLUGS,
  TIMES_CUSTOMERS,
  TIMES_SLUGS,
  type TimesCustomer,
  WORLDLINK_ACCOUNTS,
  type WorldlinkKind,
} from "./fixtures.js";

export { DEFAULT_GLOBALTOPUP_TOKEN, DEFAULT_KHALTI_TOKEN } from "./fixtures.js";

// ---------------------------------------------------------------------------------------------
// Public API

export type SandboxFamily = "times" | "konnect" | "worldlink-v2" | "hashcnet-v2" | "merosoft";
export type SandboxState = "Success" | "Queued" | "Processing" | "Failed";

export interface CommitRecord {
  aggregator: "khalti" | "globaltopup";
  family: SandboxFamily;
  /** Khalti `reference` / Global Topup `reference_no`, as a string. */
  reference: string | undefined;
  /** The request body with `token` removed. */
  body: Record<string, unknown>;
  /** False when the sandbox refused it (validation, duplicate reference, bad session...). */
  accepted: boolean;
  /** Why it was refused. */
  error?: string;
  /** `Math.round(amount * 100)` of the request's amount, when it is a number. */
  amountPaisa?: number;
  /** Current upstream state, updated when it settles. */
  state?: SandboxState;
  /** Khalti `id` / Global Topup `transaction_id`. */
  upstreamId?: number;
  /** ISO time the request arrived. */
  at: string;
}

export type FaultSpec = {
  fault: "timeout" | "http500" | "malformed" | "badShape" | "queued" | "failed";
  /** Default "commit". */
  on?: "commit" | "lookup" | "status" | "any";
  /** Default "any". */
  aggregator?: "khalti" | "globaltopup" | "any";
  /** How many matching requests it applies to, default 1. */
  times?: number;
  /** timeout: how long to wait before answering, default 120000. */
  delayMs?: number;
  /** Commit faults timeout/http500/malformed: whether the commit took effect upstream anyway. */
  processed?: boolean;
  /** queued, and processed timeouts: the final state, default "Success". */
  settleTo?: "Success" | "Failed";
  /** queued: a status lookup made this long after the commit sees the final state; default 0. */
  settleAfterMs?: number;
};

export interface Sandbox {
  /** e.g. http://127.0.0.1:43123 (the Khalti base URL). */
  url: string;
  khaltiBaseUrl: string;
  /** `url + "/api/v1"`. */
  globaltopupBaseUrl: string;
  /** The tokens this sandbox accepts (for printing by `npm run sandbox`; never sent back by the server). */
  khaltiToken: string;
  globaltopupToken: string;
  /** Every commit request received, accepted or rejected, in order (cleared in place by `reset`). */
  commits: CommitRecord[];
  injectFault(f: FaultSpec): void;
  /** Settles a queued/processing commit now. Throws for an unknown reference or a settled commit. */
  settle(reference: string, state: "Success" | "Failed"): void;
  /** Forgets sessions, references, commits and faults; restores the Khalti credits. */
  reset(): void;
  /** Closes promptly, even while a "timeout" fault keeps a request open. */
  close(): Promise<void>;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  khaltiToken?: string;
  globaltopupToken?: string;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore(opts.khaltiToken ?? DEFAULT_KHALTI_TOKEN, opts.globaltopupToken ?? DEFAULT_GLOBALTOPUP_TOKEN);
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
    commits: core.commits,
    injectFault: (f) => core.injectFault(f),
    settle: (reference, state) => core.settle(reference, state),
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

// ---------------------------------------------------------------------------------------------
// Internals

type Aggregator = "khalti" | "globaltopup";
type KhaltiFamily = Exclude<SandboxFamily, "merosoft">;
type Kind = "commit" | "lookup" | "status" | "other";
type Final = "Success" | "Failed";
type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body: unknown;
}

interface ActiveFault {
  fault: FaultSpec["fault"];
  on: NonNullable<FaultSpec["on"]>;
  aggregator: NonNullable<FaultSpec["aggregator"]>;
  remaining: number;
  delayMs: number;
  processed: boolean;
  settleTo: Final;
  settleAfterMs: number;
}

/** One payable choice of a session: a package (and duration), or a due without package. */
interface PayOption {
  packageId?: string;
  durationCode?: string;
  amountPaisa: number;
  name: string;
}

interface KhaltiSession {
  id: number;
  family: KhaltiFamily;
  slug?: string;
  account: string;
  /** times: the customer of the userlist step; `options` stays undefined until the details step. */
  times?: TimesCustomer;
  connection?: string;
  worldlinkKind?: WorldlinkKind;
  options: PayOption[] | undefined;
  /** The commit that used this session (Success or Queued); cleared when it fails. */
  usedBy?: Transaction;
}

interface GtuSession {
  id: number;
  operatorId: number;
  connectionNo: string;
  options: PayOption[];
  usedBy?: Transaction;
}

interface Transaction {
  aggregator: Aggregator;
  reference: string | undefined;
  id: number;
  amountPaisa: number;
  state: SandboxState;
  finalState: Final;
  settleAt: number | undefined;
  record: CommitRecord;
  createdAt: Date;
  chargedPaisa: number;
  khaltiSession?: KhaltiSession;
  gtuSession?: GtuSession;
}

const KHALTI_MESSAGES: Record<string, string> = {
  "1001": "Token not provided",
  "1002": "Invalid token",
  "1008": "Problem using the service",
  "1010": "Validation error",
  "1012": "Reference id not provided",
  "1013": "Request with duplicate reference id obtained",
  "1014": "Parse error",
  "1016": "Insufficient user credits",
  "4000": "Can't fulfill request",
};

const KHALTI_REFERENCE = /^[A-Za-z0-9]{1,50}$/;
const DIGITS = /^\d+$/;
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;
const MAX_BODY_BYTES = 1_000_000;

const FAILED_DETAILS = "Transaction failed at the provider (sandbox)";

class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super("reply");
  }
}

function khaltiError(httpStatus: number, code: string, details: string, extra: Json = {}): Reply {
  return {
    status: httpStatus,
    body: {
      status: false,
      error_code: code,
      message: KHALTI_MESSAGES[code] ?? "Error",
      error: "client_error",
      details,
      error_data: {},
      state: "Error",
      ...extra,
    },
  };
}

function gtuError(httpStatus: number, message: string, withData = false): Reply {
  return { status: httpStatus, body: withData ? { error: true, message, data: [] } : { error: true, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function withoutToken(body: Json): Json {
  const { token: _token, ...rest } = body;
  return rest;
}

function isJsonObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A number, or a decimal string; undefined otherwise. */
function decimal(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === "string" && DECIMAL.test(v)) return Number(v);
  return undefined;
}

/** A whole number, given as a number or a string of digits; undefined otherwise. */
function wholeNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === "string" && DIGITS.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function absent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

function idText(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  return undefined;
}

const paisa = (rupees: number): number => Math.round(rupees * 100);
const rupees = (p: number): number => p / 100;

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "November 23,2026 9:03pm", in Nepal time (UTC+5:45), like Global Topup's example. */
function gtuTimestamp(d: Date): string {
  const t = new Date(d.getTime() + 345 * 60_000);
  const h24 = t.getUTCHours();
  const h = h24 % 12 === 0 ? 12 : h24 % 12;
  const mm = String(t.getUTCMinutes()).padStart(2, "0");
  return `${MONTHS[t.getUTCMonth()] ?? ""} ${t.getUTCDate()},${t.getUTCFullYear()} ${h}:${mm}${h24 >= 12 ? "pm" : "am"}`;
}

const SHAPE_KEYS = new Set(["amount", "packageRate", "total_cost"]);

/**
 * The `badShape` fault: the same envelope with key fields broken: `state` removed (Khalti) or
 * `data.status` removed (Global Topup), and every amount (`amount`, `packageRate`, `total_cost`)
 * replaced by an object. If nothing of that is present, `session_id` is removed.
 */
function breakShape(body: unknown, aggregator: Aggregator): unknown {
  const copy = JSON.parse(JSON.stringify(body ?? null)) as unknown;
  let changed = false;
  if (isJsonObject(copy)) {
    if (aggregator === "khalti" && "state" in copy) {
      delete copy.state;
      changed = true;
    }
    if (aggregator === "globaltopup" && isJsonObject(copy.data) && "status" in copy.data) {
      delete copy.data.status;
      changed = true;
    }
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isJsonObject(v)) return;
    for (const [k, val] of Object.entries(v)) {
      if (SHAPE_KEYS.has(k) && (typeof val === "number" || typeof val === "string")) {
        v[k] = { value: val };
        changed = true;
      } else {
        walk(val);
      }
    }
  };
  walk(copy);
  if (!changed && isJsonObject(copy)) {
    if ("session_id" in copy) delete copy.session_id;
    else if (isJsonObject(copy.data)) delete copy.data.session_id;
  }
  return copy;
}

/** What an accepted commit becomes under the fault at hand (none: an immediate success). */
function commitOutcome(fault: ActiveFault | undefined): { state: SandboxState; finalState: Final; settleAt: number | undefined } {
  if (fault?.fault === "queued") return { state: "Queued", finalState: fault.settleTo, settleAt: Date.now() + fault.settleAfterMs };
  if (fault?.fault === "failed") return { state: "Failed", finalState: "Failed", settleAt: undefined };
  if (fault?.fault === "timeout") return { state: fault.settleTo, finalState: fault.settleTo, settleAt: undefined };
  return { state: "Success", finalState: "Success", settleAt: undefined };
}

function normalizeFault(f: unknown): ActiveFault {
  if (!isJsonObject(f)) throw new TypeError("a fault must be an object");
  const faults = ["timeout", "http500", "malformed", "badShape", "queued", "failed"] as const;
  const fault = faults.find((x) => x === f.fault);
  if (!fault) throw new TypeError(`fault must be one of ${faults.join(", ")}`);
  const ons = ["commit", "lookup", "status", "any"] as const;
  const on = f.on === undefined ? "commit" : ons.find((x) => x === f.on);
  if (!on) throw new TypeError(`on must be one of ${ons.join(", ")}`);
  const aggs = ["khalti", "globaltopup", "any"] as const;
  const aggregator = f.aggregator === undefined ? "any" : aggs.find((x) => x === f.aggregator);
  if (!aggregator) throw new TypeError(`aggregator must be one of ${aggs.join(", ")}`);
  const count = (name: string, v: unknown, fallback: number, min: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      throw new TypeError(`${name} must be a whole number >= ${min}`);
    }
    return v;
  };
  const times = count("times", f.times, 1, 1);
  const delayMs = count("delayMs", f.delayMs, 120_000, 0);
  const settleAfterMs = count("settleAfterMs", f.settleAfterMs, 0, 0);
  if (f.processed !== undefined && typeof f.processed !== "boolean") throw new TypeError("processed must be a boolean");
  const processed = f.processed ?? fault !== "http500";
  if (f.settleTo !== undefined && f.settleTo !== "Success" && f.settleTo !== "Failed") {
    throw new TypeError('settleTo must be "Success" or "Failed"');
  }
  const settleTo: Final = f.settleTo ?? "Success";
  if ((fault === "queued" || fault === "failed") && on !== "commit" && on !== "any") {
    throw new TypeError(`the ${fault} fault applies to commits only`);
  }
  return { fault, on, aggregator, remaining: times, delayMs, processed, settleTo, settleAfterMs };
}

class SandboxCore {
  readonly commits: CommitRecord[] = [];
  private faults: ActiveFault[] = [];
  private khaltiSessions = new Map<number, KhaltiSession>();
  private gtuSessions = new Map<number, GtuSession>();
  private khaltiReferences = new Set<string>();
  private gtuReferences = new Set<string>();
  private khaltiTx = new Map<string, Transaction>();
  private gtuTxByRef = new Map<string, Transaction>();
  private gtuTxById = new Map<number, Transaction>();
  private allTx: Transaction[] = [];
  private nextKhaltiSession = KHALTI_FIRST_SESSION_ID;
  private nextKhaltiId = KHALTI_FIRST_COMMIT_ID;
  private nextHashcnetDetail = 2532;
  private nextGtuSession = GLOBALTOPUP_FIRST_SESSION_ID;
  private nextGtuTx = GLOBALTOPUP_FIRST_TRANSACTION_ID;
  private creditsAvailablePaisa = paisa(KHALTI_START_CREDITS);
  private creditsConsumedPaisa = 0;
  private readonly aborter = new AbortController();

  constructor(
    readonly khaltiToken: string,
    readonly globaltopupToken: string,
  ) {}

  // ---- control ------------------------------------------------------------------------------

  injectFault(f: FaultSpec): void {
    this.faults.push(normalizeFault(f));
  }

  settle(reference: string, state: "Success" | "Failed"): void {
    if (state !== "Success" && state !== "Failed") throw new TypeError('state must be "Success" or "Failed"');
    const tx = [...this.allTx].reverse().find((t) => t.reference === String(reference));
    if (!tx) throw new Error(`no accepted commit with reference ${String(reference)}`);
    if (tx.state === state) return;
    if (tx.state === "Success" || tx.state === "Failed") {
      throw new Error(`the commit with reference ${String(reference)} is already settled (${tx.state})`);
    }
    this.settleTx(tx, state);
  }

  reset(): void {
    this.faults = [];
    this.khaltiSessions.clear();
    this.gtuSessions.clear();
    this.khaltiReferences.clear();
    this.gtuReferences.clear();
    this.khaltiTx.clear();
    this.gtuTxByRef.clear();
    this.gtuTxById.clear();
    this.allTx = [];
    this.commits.length = 0;
    this.creditsAvailablePaisa = paisa(KHALTI_START_CREDITS);
    this.creditsConsumedPaisa = 0;
  }

  /** Ends every pending delay (the server destroys the sockets). */
  shutdown(): void {
    this.aborter.abort();
  }

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

  private takeFault(aggregator: Aggregator, kind: Kind): ActiveFault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.aggregator === "any" || f.aggregator === aggregator) &&
        (f.on === "any" || f.on === kind) &&
        (f.fault !== "queued" && f.fault !== "failed" ? true : kind === "commit"),
    );
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  private settleTx(tx: Transaction, to: Final): void {
    if (tx.state === "Success" || tx.state === "Failed") return;
    tx.state = to;
    tx.record.state = to;
    tx.settleAt = undefined;
    if (to === "Failed") {
      this.creditsAvailablePaisa += tx.chargedPaisa;
      this.creditsConsumedPaisa -= tx.chargedPaisa;
      tx.chargedPaisa = 0;
      const session = tx.khaltiSession ?? tx.gtuSession;
      if (session && session.usedBy === tx) session.usedBy = undefined;
    }
  }

  private maybeSettle(tx: Transaction): void {
    if ((tx.state === "Queued" || tx.state === "Processing") && tx.settleAt !== undefined && Date.now() >= tx.settleAt) {
      this.settleTx(tx, tx.finalState);
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const raw = method === "GET" || method === "HEAD" ? "" : await readBody(req);
    if (raw === undefined) {
      sendJson(res, 413, { detail: "Request body too large" });
      return;
    }
    try {
      if (path.startsWith("/__sandbox/")) {
        this.handleControl(method, path, raw, res);
      } else if (path === "/api/v1" || path.startsWith("/api/v1/")) {
        await this.handleGlobalTopup(req, method, path.slice("/api/v1".length), raw, res);
      } else {
        await this.handleKhalti(method, path, url.searchParams, raw, res);
      }
    } catch (err) {
      if (err instanceof Error && err.message === "closed") return;
      throw err;
    }
  }

  private handleControl(method: string, path: string, raw: string, res: ServerResponse): void {
    const body = (): Json | undefined => {
      try {
        const v = JSON.parse(raw) as unknown;
        return isJsonObject(v) ? v : undefined;
      } catch {
        return undefined;
      }
    };
    if (method === "POST" && path === "/__sandbox/faults") {
      const spec = body();
      if (!spec) return sendJson(res, 400, { ok: false, error: "the body must be a JSON fault spec" });
      try {
        this.injectFault(spec as FaultSpec);
      } catch (err) {
        return sendJson(res, 400, { ok: false, error: (err as Error).message });
      }
      return sendJson(res, 200, { ok: true });
    }
    if (method === "GET" && path === "/__sandbox/commits") return sendJson(res, 200, this.commits);
    if (method === "POST" && path === "/__sandbox/settle") {
      const b = body();
      const reference = b ? idText(b.reference) : undefined;
      if (!b || !reference || (b.state !== "Success" && b.state !== "Failed")) {
        return sendJson(res, 400, { ok: false, error: 'the body must be {"reference": "...", "state": "Success" | "Failed"}' });
      }
      try {
        this.settle(reference, b.state);
      } catch (err) {
        const message = (err as Error).message;
        return sendJson(res, message.startsWith("no accepted") ? 404 : 409, { ok: false, error: message });
      }
      return sendJson(res, 200, { ok: true });
    }
    if (method === "POST" && path === "/__sandbox/reset") {
      this.reset();
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { ok: false, error: "Not found" });
  }

  /** Answers `reply`, as changed by the fault (timeout delay, HTTP 500, garbage, broken shape). */
  private async deliver(res: ServerResponse, reply: Reply, fault: ActiveFault | undefined, aggregator: Aggregator): Promise<void> {
    if (fault?.fault === "timeout") await this.sleep(fault.delayMs);
    switch (fault?.fault) {
      case "http500":
        return this.send500(res, aggregator);
      case "malformed":
        return sendText(res, 200, aggregator === "khalti" ? '{"status": tru' : '{"error": fals');
      case "badShape":
        return sendJson(res, reply.status, breakShape(reply.body, aggregator));
      default:
        return sendJson(res, reply.status, reply.body);
    }
  }

  private send500(res: ServerResponse, aggregator: Aggregator): void {
    sendJson(res, 500, aggregator === "khalti" ? { detail: "Internal Server Error" } : { error: true, message: "Server Error" });
  }

  /**
   * A commit fault that stops the commit from taking effect (http500, timeout or malformed with
   * `processed: false`): the commit is recorded as refused and never reaches validation.
   */
  private async unprocessedCommit(res: ServerResponse, fault: ActiveFault, record: CommitRecord, aggregator: Aggregator): Promise<void> {
    record.accepted = false;
    record.error = `${fault.fault} fault: not processed`;
    if (fault.fault === "timeout") {
      await this.sleep(fault.delayMs);
      return sendJson(res, 504, aggregator === "khalti" ? { detail: "Gateway Timeout" } : { error: true, message: "Gateway Timeout" });
    }
    if (fault.fault === "http500") return this.send500(res, aggregator);
    return sendText(res, 200, aggregator === "khalti" ? '{"status": tru' : '{"error": fals');
  }

  private newRecord(aggregator: Aggregator, family: SandboxFamily, body: Json, reference: unknown): CommitRecord {
    const record: CommitRecord = {
      aggregator,
      family,
      reference: idText(reference),
      body: withoutToken(body),
      accepted: false,
      at: new Date().toISOString(),
    };
    const amount = decimal(body.amount);
    if (amount !== undefined) record.amountPaisa = paisa(amount);
    this.commits.push(record);
    return record;
  }

  // ---- Khalti -------------------------------------------------------------------------------

  private async handleKhalti(method: string, path: string, query: URLSearchParams, raw: string, res: ServerResponse): Promise<void> {
    const route = khaltiRoute(path);
    if (!route || !(route.methods as readonly string[]).includes(method)) {
      return sendJson(res, 404, { detail: "Not found." });
    }
    let body: Json;
    if (method === "GET") {
      body = Object.fromEntries(query.entries());
    } else {
      const parsed = parseObject(raw);
      if (!parsed) {
        if (route.kind === "commit" && route.family) {
          const record = this.newRecord("khalti", route.family, {}, undefined);
          record.error = "Parse error";
        }
        const r = khaltiError(400, "1014", "The request body is not valid JSON.");
        return sendJson(res, r.status, r.body);
      }
      body = parsed;
    }

    const tokenError = this.checkKhaltiToken(body.token);
    if (tokenError) {
      if (route.kind === "commit" && route.family) {
        const record = this.newRecord("khalti", route.family, body, body.reference);
        record.error = (tokenError.body as Json).message as string;
      }
      return sendJson(res, tokenError.status, tokenError.body);
    }

    const fault = this.takeFault("khalti", route.kind);

    if (route.kind === "commit" && route.family) {
      const family = route.family;
      const record = this.newRecord("khalti", family, body, body.reference);
      if (fault && (fault.fault === "http500" || fault.fault === "timeout" || fault.fault === "malformed") && !fault.processed) {
        return this.unprocessedCommit(res, fault, record, "khalti");
      }
      const reply = this.khaltiCommit(family, body, record, fault);
      return this.deliver(res, reply, fault, "khalti");
    }

    if (fault?.fault === "http500") return this.send500(res, "khalti");
    let reply: Reply;
    try {
      reply = route.handle ? route.handle(this, body) : { status: 404, body: { detail: "Not found." } };
    } catch (err) {
      if (err instanceof ReplyError) reply = err.reply;
      else throw err;
    }
    return this.deliver(res, reply, fault, "khalti");
  }

  private checkKhaltiToken(token: unknown): Reply | undefined {
    if (absent(token)) return khaltiError(400, "1001", "");
    if (token !== this.khaltiToken) return khaltiError(400, "1002", "");
    return undefined;
  }

  /** Validates and remembers the reference of a Khalti call. Throws a `ReplyError` when refused. */
  useKhaltiReference(value: unknown, required: boolean): string | undefined {
    if (absent(value)) {
      if (required) throw new ReplyError(khaltiError(400, "1012", "reference is required."));
      return undefined;
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw new ReplyError(khaltiError(400, "1010", "reference must be a string of 1 to 50 letters and digits."));
    }
    const ref = String(value);
    if (!KHALTI_REFERENCE.test(ref)) {
      throw new ReplyError(khaltiError(400, "1010", "reference must be 1 to 50 letters and digits (A-Z, a-z, 0-9)."));
    }
    if (this.khaltiReferences.has(ref)) {
      throw new ReplyError(khaltiError(400, "1013", `The reference ${ref} has already been used.`));
    }
    this.khaltiReferences.add(ref);
    return ref;
  }

  private checkSlug(value: unknown, slugs: readonly string[]): string {
    if (absent(value) || typeof value !== "string") {
      throw new ReplyError(khaltiError(400, "1010", "service_slug is required."));
    }
    if (!slugs.includes(value)) {
      throw new ReplyError(khaltiError(404, "1008", "Service not found", { detail: "Service not found" }));
    }
    return value;
  }

  private newKhaltiSession(s: Omit<KhaltiSession, "id">): KhaltiSession {
    const session: KhaltiSession = { id: this.nextKhaltiSession++, ...s };
    this.khaltiSessions.set(session.id, session);
    return session;
  }

  private findKhaltiSession(value: unknown, family: KhaltiFamily): KhaltiSession {
    if (absent(value)) throw new ReplyError(khaltiError(400, "1010", "session_id is required."));
    const id = wholeNumber(value);
    if (id === undefined) throw new ReplyError(khaltiError(400, "1010", "session_id must be a number."));
    const session = this.khaltiSessions.get(id);
    if (!session || session.family !== family) throw new ReplyError(khaltiError(400, "4000", "Invalid session."));
    return session;
  }

  timesUserlist(body: Json): Reply {
    const slug = this.checkSlug(body.service_slug, TIMES_SLUGS);
    this.useKhaltiReference(body.reference, true);
    const customerId = idText(body.customer_id);
    if (!customerId) return khaltiError(400, "1010", "customer_id is required.");
    const customer = TIMES_CUSTOMERS[customerId];
    if (!customer) return khaltiError(400, "4000", "Customer not found.");
    const session = this.newKhaltiSession({ family: "times", slug, account: customerId, times: customer, options: undefined });
    return {
      status: 200,
      body: {
        customer: { ...customer.customer },
        connection: customer.connections.map((c) => ({ username: c.username, status: c.status })),
        session_id: session.id,
        status: true,
      },
    };
  }

  timesDetails(body: Json): Reply {
    this.checkSlug(body.service_slug, TIMES_SLUGS);
    this.useKhaltiReference(body.reference, true);
    const session = this.findKhaltiSession(body.session_id, "times");
    const username = idText(body.username);
    if (!username) return khaltiError(400, "1010", "username is required.");
    const connection = session.times?.connections.find((c) => c.username === username);
    if (!connection) return khaltiError(400, "4000", "Connection not found for this customer.");
    session.connection = username;
    session.options = connection.packages.map((p) => ({ packageId: p.package_id, amountPaisa: paisa(p.amount), name: p.package_name }));
    return {
      status: 200,
      body: { packages: connection.packages.map((p) => ({ ...p })), session_id: session.id, status: true },
    };
  }

  konnectDetails(body: Json): Reply {
    const slug = this.checkSlug(body.service_slug, KONNECT_SLUGS);
    this.useKhaltiReference(body.reference, true);
    const username = idText(body.username);
    if (!username) return khaltiError(400, "1010", "username is required.");
    const account = KONNECT_ACCOUNTS[username];
    if (!account) return khaltiError(400, "4000", "Customer not found.");
    if (account.kind === "refused") return { status: account.httpStatus, body: structuredClone(account.body) };
    const session = this.newKhaltiSession({
      family: "konnect",
      slug,
      account: username,
      options: account.body.packages.map((p) => ({ packageId: p.package_id, amountPaisa: paisa(p.amount), name: p.package_name })),
    });
    return { status: 200, body: { ...structuredClone(account.body), session_id: session.id } };
  }

  worldlinkDetails(body: Json): Reply {
    this.useKhaltiReference(body.reference, true);
    const username = idText(body.username);
    if (!username) return khaltiError(400, "1010", "username is required.");
    const account = WORLDLINK_ACCOUNTS[username];
    if (!account) return khaltiError(400, "4000", "Customer not found.");
    const b = account.body;
    type Pkg = { packageId: number; packageName: string; packageRate: number };
    let options: PayOption[];
    if (account.kind === "packages") {
      options = (b.package_options as Pkg[]).map((p) => ({ packageId: String(p.packageId), amountPaisa: paisa(p.packageRate), name: p.packageName }));
    } else if (account.kind === "packagesWithDue") {
      const subscribed = String(b.subscribed_package_id);
      const due = Number(b.due_amount_till_now);
      options = (b.available_renew_options as Pkg[]).map((p) => ({
        packageId: String(p.packageId),
        amountPaisa: paisa(p.packageRate) + (String(p.packageId) === subscribed ? 0 : paisa(due)),
        name: p.packageName,
      }));
    } else {
      options = [{ amountPaisa: paisa(Number(b.amount)), name: "Due payment" }];
    }
    const session = this.newKhaltiSession({ family: "worldlink-v2", account: username, worldlinkKind: account.kind, options });
    return { status: 200, body: { ...structuredClone(b), session_id: session.id } };
  }

  hashcnetDetails(body: Json): Reply {
    const slug = this.checkSlug(body.service_slug, HASHCNET_SLUGS);
    this.useKhaltiReference(body.reference, true);
    const username = idText(body.username);
    if (!username) return khaltiError(400, "1010", "username is required.");
    const account = HASHCNET_ACCOUNTS[username];
    if (!account) return khaltiError(400, "4000", "Customer not found.");
    const options = account.available_packages.flatMap((p) =>
      p.duration.map((d) => ({
        packageId: String(p.package_code),
        durationCode: String(d.duration_code),
        amountPaisa: paisa(d.total_cost),
        name: `${p.title} · ${d.duration_title}`,
      })),
    );
    const session = this.newKhaltiSession({ family: "hashcnet-v2", slug, account: username, options });
    return { status: 200, body: { ...structuredClone(account), session_id: session.id } };
  }

  khaltiStatus(body: Json): Reply {
    if (absent(body.reference)) return khaltiError(400, "1012", "reference is required.");
    const reference = String(body.reference);
    const tx = this.khaltiTx.get(reference);
    if (!tx) {
      return {
        status: 400,
        body: {
          status: false,
          error_code: "002",
          message: "The reference sent is not a valid reference.",
          error: "invalid_reference",
          details: "",
          error_data: {},
          state: "Error",
        },
      };
    }
    this.maybeSettle(tx);
    const amount = rupees(tx.amountPaisa);
    if (tx.state === "Failed") {
      return {
        status: 200,
        body: {
          status: true,
          state: "Failed",
          original_status: "Error",
          details: FAILED_DETAILS,
          reference,
          response_id: tx.id,
          amount,
          refunded: false,
          refunded_amount: 0.0,
          refunds: [{ created_at: tx.createdAt.toISOString().slice(0, 10), remarks: FAILED_DETAILS, amount }],
        },
      };
    }
    return {
      status: 200,
      body: {
        status: true,
        state: tx.state,
        original_status: tx.state,
        details: tx.state === "Success" ? "Successful recharge" : "Transaction is being processed",
        reference,
        response_id: tx.id,
        amount,
        refunded: false,
        refunded_amount: 0.0,
        refunds: [],
      },
    };
  }

  khaltiBalance(): Reply {
    return {
      status: 200,
      body: { credits_consumed: rupees(this.creditsConsumedPaisa), credits_available: rupees(this.creditsAvailablePaisa) },
    };
  }

  /** Validates a commit, applies it (state per fault) and returns the documented answer. */
  private khaltiCommit(family: KhaltiFamily, body: Json, record: CommitRecord, fault: ActiveFault | undefined): Reply {
    const refuse = (reply: Reply): Reply => {
      record.accepted = false;
      const b = reply.body as Json;
      record.error = [b.message, b.details].filter((x) => typeof x === "string" && x !== "").join(": ");
      return reply;
    };
    try {
      if (family === "hashcnet-v2") {
        const spaced = Object.keys(body).filter((k) => /\s|[\u2018\u2019\u201c\u201d]/.test(k));
        if (spaced.length > 0) {
          return refuse(
            khaltiError(400, "1010", `Unknown field(s): ${spaced.join(", ")}. Expected session_id, reference, token, package_code, duration_code, amount.`),
          );
        }
      }
      const reference = this.useKhaltiReference(body.reference, family !== "times");
      const session = this.findKhaltiSession(body.session_id, family);
      if (session.usedBy) return refuse(khaltiError(400, "4000", "Session already used."));
      const options = session.options;
      if (!options) return refuse(khaltiError(400, "4000", "Packages were not fetched for this session."));

      const amount = decimal(body.amount);
      let candidates: PayOption[];
      if (family === "hashcnet-v2") {
        const code = idText(body.package_code);
        const duration = idText(body.duration_code);
        if (!code) return refuse(khaltiError(400, "1010", "package_code is required."));
        if (!duration) return refuse(khaltiError(400, "1010", "duration_code is required."));
        candidates = options.filter((o) => o.packageId === code && o.durationCode === duration);
        if (candidates.length === 0) {
          return refuse(khaltiError(400, "1010", "No package of this session has this package_code and duration_code."));
        }
      } else if (family === "worldlink-v2" && session.worldlinkKind === "dueOnly") {
        if (!absent(body.package_id)) return refuse(khaltiError(400, "1010", "This customer cannot choose a package: send no package_id."));
        candidates = options;
      } else {
        const packageId = idText(body.package_id);
        if (!packageId) return refuse(khaltiError(400, "1010", "package_id is required."));
        candidates = options.filter((o) => o.packageId === packageId);
        if (candidates.length === 0) return refuse(khaltiError(400, "1010", "Invalid package_id for this session."));
      }
      if (amount === undefined) return refuse(khaltiError(400, "1010", "amount must be a number."));
      const chosen = candidates.find((o) => o.amountPaisa === paisa(amount));
      if (!chosen) return refuse(khaltiError(400, "1010", "Amount does not match the selected package."));

      const { state, finalState, settleAt } = commitOutcome(fault);
      const charged = state === "Failed" ? 0 : chosen.amountPaisa;
      if (charged > this.creditsAvailablePaisa) {
        return refuse(khaltiError(400, "1016", "Not enough credits for this transaction."));
      }
      this.creditsAvailablePaisa -= charged;
      this.creditsConsumedPaisa += charged;

      const tx: Transaction = {
        aggregator: "khalti",
        reference,
        id: this.nextKhaltiId++,
        amountPaisa: chosen.amountPaisa,
        state,
        finalState,
        settleAt,
        record,
        createdAt: new Date(),
        chargedPaisa: charged,
        khaltiSession: session,
      };
      if (state !== "Failed") session.usedBy = tx;
      if (reference) this.khaltiTx.set(reference, tx);
      this.allTx.push(tx);
      record.accepted = true;
      record.state = state;
      record.upstreamId = tx.id;
      return this.khaltiCommitAnswer(family, tx);
    } catch (err) {
      if (err instanceof ReplyError) return refuse(err.reply);
      throw err;
    }
  }

  private khaltiCommitAnswer(family: KhaltiFamily, tx: Transaction): Reply {
    if (tx.state === "Failed") {
      return {
        status: 200,
        body: {
          status: false,
          error_code: "4000",
          message: "Can't fulfill request",
          error: "client_error",
          details: FAILED_DETAILS,
          error_data: {},
          state: "Failed",
        },
      };
    }
    const queued = tx.state !== "Success";
    const detail = queued
      ? "Transaction is being processed"
      : family === "times"
        ? "Success"
        : family === "konnect"
          ? "Payment made successfully. Account will be activated in few minutes"
          : family === "worldlink-v2"
            ? "Transaction successful"
            : String(this.nextHashcnetDetail++);
    const body: Json = {
      status: true,
      state: tx.state,
      message: queued ? "Transaction Queued" : "Successfully Completed Transaction",
      extra_data: {},
      detail,
    };
    if (family !== "worldlink-v2") {
      body.credits_consumed = rupees(tx.chargedPaisa);
      body.credits_available = rupees(this.creditsAvailablePaisa);
    }
    body.id = tx.id;
    return { status: 200, body };
  }

  // ---- Global Topup -------------------------------------------------------------------------

  private async handleGlobalTopup(req: IncomingMessage, method: string, path: string, raw: string, res: ServerResponse): Promise<void> {
    const routes: Record<string, { kind: Kind; handle?: (body: Json) => Reply }> = {
      "/np/recharge/package": { kind: "lookup", handle: (b) => this.gtuPackage(b) },
      "/np/recharge/execute": { kind: "commit" },
      "/np/order/status": { kind: "status", handle: (b) => this.gtuOrderStatus(b) },
      "/np/service/status": { kind: "status", handle: (b) => this.gtuServiceStatus(b) },
    };
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route || method !== "POST") return sendJson(res, 404, { error: true, message: "Not found" });

    const parsed = parseObject(raw);
    const token = req.headers["x-auth-token"];
    if (token !== this.globaltopupToken) {
      if (route.kind === "commit") {
        const b = parsed ?? {};
        const record = this.newRecord("globaltopup", "merosoft", b, b.reference_no);
        record.error = "Unauthenticated.";
      }
      return sendJson(res, 401, { error: true, message: "Unauthenticated." });
    }
    if (!parsed) {
      if (route.kind === "commit") this.newRecord("globaltopup", "merosoft", {}, undefined).error = "The request body must be valid JSON.";
      const r = gtuError(422, "The request body must be valid JSON.", route.kind === "status");
      return sendJson(res, r.status, r.body);
    }
    const fault = this.takeFault("globaltopup", route.kind);
    if (route.kind === "commit") {
      const record = this.newRecord("globaltopup", "merosoft", parsed, parsed.reference_no);
      if (fault && (fault.fault === "http500" || fault.fault === "timeout" || fault.fault === "malformed") && !fault.processed) {
        return this.unprocessedCommit(res, fault, record, "globaltopup");
      }
      return this.deliver(res, this.gtuExecute(parsed, record, fault), fault, "globaltopup");
    }
    if (fault?.fault === "http500") return this.send500(res, "globaltopup");
    let reply: Reply;
    try {
      reply = route.handle!(parsed);
    } catch (err) {
      if (err instanceof ReplyError) reply = err.reply;
      else throw err;
    }
    return this.deliver(res, reply, fault, "globaltopup");
  }

  /** Checks operator, type, connection and reference (remembered); throws a 422 `ReplyError`. */
  private gtuCommon(body: Json): { operatorId: number; connectionNo: string; referenceNo: string } {
    const fail = (message: string) => new ReplyError(gtuError(422, message));
    if (absent(body.operator_id)) throw fail("The operator id field is required.");
    const operatorId = wholeNumber(body.operator_id);
    if (operatorId === undefined || !Object.hasOwn(GLOBALTOPUP_OPERATORS, operatorId)) {
      throw fail("The selected operator id is invalid.");
    }
    if (absent(body.operator_type_id)) throw fail("The operator type id field is required.");
    if (wholeNumber(body.operator_type_id) !== GLOBALTOPUP_INTERNET_TYPE_ID) throw fail("The selected operator type id is invalid.");
    const connectionNo = idText(body.connection_no);
    if (!connectionNo) throw fail("The connection no field is required.");
    if (absent(body.reference_no)) throw fail("The reference no field is required.");
    const ref = body.reference_no;
    const referenceNo =
      typeof ref === "number" && Number.isSafeInteger(ref) && ref >= 0
        ? String(ref)
        : typeof ref === "string" && DIGITS.test(ref)
          ? ref
          : undefined;
    if (referenceNo === undefined) throw fail("The reference no must contain digits only.");
    if (this.gtuReferences.has(referenceNo)) throw fail("The reference no has already been taken.");
    this.gtuReferences.add(referenceNo);
    return { operatorId, connectionNo, referenceNo };
  }

  gtuPackage(body: Json): Reply {
    const { operatorId, connectionNo, referenceNo } = this.gtuCommon(body);
    const customer = GLOBALTOPUP_CUSTOMERS[connectionNo];
    if (!customer) return gtuError(404, "Customer not found");
    const session: GtuSession = {
      id: this.nextGtuSession++,
      operatorId,
      connectionNo,
      options: customer.options.map((o) => ({ packageId: String(o.id), amountPaisa: paisa(o.amount), name: o.name })),
    };
    this.gtuSessions.set(session.id, session);
    return {
      status: 200,
      body: {
        error: false,
        message: "The action has been successfully performed.",
        data: {
          operator_id: String(operatorId),
          connection_no: connectionNo,
          reference_no: referenceNo,
          session_id: session.id,
          packages: structuredClone(customer),
        },
      },
    };
  }

  private gtuExecute(body: Json, record: CommitRecord, fault: ActiveFault | undefined): Reply {
    const refuse = (reply: Reply): Reply => {
      record.accepted = false;
      record.error = String((reply.body as Json).message);
      return reply;
    };
    try {
      const { operatorId, connectionNo, referenceNo } = this.gtuCommon(body);
      if (absent(body.session_id)) return refuse(gtuError(422, "The session id field is required."));
      const sessionId = wholeNumber(body.session_id);
      const session = sessionId === undefined ? undefined : this.gtuSessions.get(sessionId);
      if (!session) return refuse(gtuError(422, "Invalid session id."));
      if (session.operatorId !== operatorId || session.connectionNo !== connectionNo) {
        return refuse(gtuError(422, "The session does not belong to this operator and connection."));
      }
      if (session.usedBy) return refuse(gtuError(422, "Session already used."));
      const packageId = idText(body.package_id);
      if (!packageId) return refuse(gtuError(422, "The package id field is required."));
      const option = session.options.find((o) => o.packageId === packageId);
      if (!option) return refuse(gtuError(422, "The selected package id is invalid."));
      if (body.package_name !== undefined && body.package_name !== null && typeof body.package_name !== "string") {
        return refuse(gtuError(422, "The package name must be a string."));
      }
      if (absent(body.amount)) return refuse(gtuError(422, "The amount field is required."));
      const amount = decimal(body.amount);
      if (amount === undefined) return refuse(gtuError(422, "The amount must be a number."));
      if (paisa(amount) !== option.amountPaisa) return refuse(gtuError(422, "The amount does not match the selected package."));

      const { state, finalState, settleAt } = commitOutcome(fault);
      const tx: Transaction = {
        aggregator: "globaltopup",
        reference: referenceNo,
        id: this.nextGtuTx++,
        amountPaisa: option.amountPaisa,
        state,
        finalState,
        settleAt,
        record,
        createdAt: new Date(),
        chargedPaisa: 0,
        gtuSession: session,
      };
      if (state !== "Failed") session.usedBy = tx;
      this.gtuTxByRef.set(referenceNo, tx);
      this.gtuTxById.set(tx.id, tx);
      this.allTx.push(tx);
      record.accepted = true;
      record.state = state;
      record.upstreamId = tx.id;
      const message = state === "Success" ? "Recharge successful." : state === "Failed" ? "Recharge failed." : "Recharge is being processed.";
      return {
        status: 200,
        body: {
          error: false,
          message,
          data: { status: gtuStatusWord(state), transaction_id: tx.id, order_id: referenceNo, amount: rupees(option.amountPaisa) },
        },
      };
    } catch (err) {
      if (err instanceof ReplyError) return refuse(err.reply);
      throw err;
    }
  }

  gtuOrderStatus(body: Json): Reply {
    const orderId = idText(body.order_id);
    if (!orderId) return gtuError(422, "The order id field is required.", true);
    return this.gtuStatusAnswer(this.gtuTxByRef.get(orderId));
  }

  gtuServiceStatus(body: Json): Reply {
    if (absent(body.transaction_id)) return gtuError(422, "The transaction id field is required.", true);
    const id = wholeNumber(body.transaction_id);
    return this.gtuStatusAnswer(id === undefined ? undefined : this.gtuTxById.get(id));
  }

  private gtuStatusAnswer(tx: Transaction | undefined): Reply {
    if (!tx || !tx.gtuSession) return gtuError(404, "Order not found", true);
    this.maybeSettle(tx);
    return {
      status: 200,
      body: {
        error: false,
        message: "Transaction status fetched successfully.",
        data: {
          status: gtuStatusWord(tx.state),
          transaction_id: String(tx.id),
          order_id: tx.reference,
          amount: rupees(tx.amountPaisa).toFixed(2),
          timestamp: gtuTimestamp(tx.createdAt),
          details: {
            connection_no: tx.gtuSession.connectionNo,
            operator: GLOBALTOPUP_OPERATORS[tx.gtuSession.operatorId] ?? "",
          },
          package_name: null,
        },
      },
    };
  }
}

function gtuStatusWord(state: SandboxState): "Success" | "Pending" | "Failed" {
  return state === "Success" ? "Success" : state === "Failed" ? "Failed" : "Pending";
}

interface KhaltiRoute {
  kind: Kind;
  family?: KhaltiFamily;
  methods: readonly ("GET" | "POST")[];
  /** Lookups, status and balance; commits go through `khaltiCommit` (they are recorded). */
  handle?: (core: SandboxCore, body: Json) => Reply;
}

const KHALTI_ROUTES: Readonly<Record<string, KhaltiRoute>> = {
  "/api/servicegroup/userlist/times/": { kind: "lookup", methods: ["POST"], handle: (c, b) => c.timesUserlist(b) },
  "/api/servicegroup/details/times/": { kind: "lookup", methods: ["POST"], handle: (c, b) => c.timesDetails(b) },
  "/api/servicegroup/commit/times/": { kind: "commit", family: "times", methods: ["POST"] },
  "/api/servicegroup/details/konnect/": { kind: "lookup", methods: ["POST"], handle: (c, b) => c.konnectDetails(b) },
  "/api/servicegroup/commit/konnect/": { kind: "commit", family: "konnect", methods: ["POST"] },
  "/api/servicegroup/details/worldlink-v2/": { kind: "lookup", methods: ["POST"], handle: (c, b) => c.worldlinkDetails(b) },
  "/api/servicegroup/commit/worldlink-v2/": { kind: "commit", family: "worldlink-v2", methods: ["POST"] },
  "/api/servicegroup/details/hashcnet-v2/": { kind: "lookup", methods: ["POST"], handle: (c, b) => c.hashcnetDetails(b) },
  "/api/servicegroup/commit/hashcnet-v2/": { kind: "commit", family: "hashcnet-v2", methods: ["POST"] },
  "/api/service/status/": { kind: "status", methods: ["GET", "POST"], handle: (c, b) => c.khaltiStatus(b) },
  "/api/balance": { kind: "other", methods: ["GET", "POST"], handle: (c) => c.khaltiBalance() },
};

function khaltiRoute(path: string): KhaltiRoute | undefined {
  return Object.hasOwn(KHALTI_ROUTES, path) ? KHALTI_ROUTES[path] : undefined;
}

function parseObject(raw: string): Json | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return isJsonObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
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
