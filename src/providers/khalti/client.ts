/**
 * Khalti services: the token travels in the JSON body, errors share one envelope, and a
 * payment's outcome is decided on `state` (khalti-common/statecode.md):
 *
 * | answer                                   | outcome |
 * | ---------------------------------------- | ------- |
 * | 200, state Success                       | success |
 * | 200, state Queued / Processing           | pending |
 * | 200, state Expired / Error / Failed      | failed  |
 * | 200, any other or no state, bad JSON     | pending |
 * | 400, 5xx, any other status, timeout      | pending |
 * | 404                                      | failed  |
 *
 * A duplicate reference (error 1013) is always pending: the first call with it may have succeeded.
 */
import { z } from "zod";
import type { AggregatorSettings } from "../../config.js";
import { rupeesToPaisa } from "../../shared/amount.js";
import { redact } from "../../shared/redact.js";
import { type HttpResult, send, withOneRetry } from "../http.js";
import { parseOrMalformed, rupees } from "../schema.js";
import { type Outcome, UpstreamMalformed, UpstreamRejected, UpstreamUnavailable } from "../types.js";
import { lookupReference } from "../reference.js";

const errorEnvelope = z.looseObject({
  status: z.literal(false).optional(),
  error_code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  details: z.unknown().optional(),
  detail: z.unknown().optional(),
  state: z.string().optional(),
});

/** Error codes that say our account or Khalti itself is at fault, never the customer. */
const OUR_SIDE_CODES = new Set([
  "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009", "1012", "1014", "1015", "1016",
  "1017", "1018", "1019", "1020", "1021",
]);

const SUCCESS = new Set(["success"]);
const PENDING = new Set(["queued", "processing"]);
const FAILED = new Set(["expired", "error", "failed", "status error"]);

/** A loose view of a commit or status answer: only what decides the outcome is checked. */
const outcomeBody = z.looseObject({
  status: z.boolean().optional(),
  state: z.string().optional(),
  id: z.union([z.number(), z.string()]).optional(),
  response_id: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
  detail: z.unknown().optional(),
  details: z.unknown().optional(),
  error_code: z.union([z.string(), z.number()]).optional(),
  error: z.string().optional(),
  credits_consumed: z.union([z.number(), z.string()]).optional(),
  credits_available: z.union([z.number(), z.string()]).optional(),
});

/** `/api/balance` (khalti-common/balance_check.md): the account's credits, in rupees. */
const balanceBody = z.looseObject({ credits_available: rupees, credits_consumed: rupees.optional() });

/** Our Khalti account's credits: what can still be spent, and what was spent so far. */
export interface KhaltiBalance {
  availablePaisa: number;
  consumedPaisa?: number;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

export interface KhaltiTimeouts {
  lookupTimeoutMs: number;
  commitTimeoutMs: number;
}

/** A Khalti services client: lookups (with one retry), commits (never retried), status lookups. */
export class KhaltiClient {
  constructor(
    private readonly settings: AggregatorSettings,
    private readonly timeouts: KhaltiTimeouts,
  ) {}

  private post(path: string, params: Record<string, unknown>, timeoutMs: number, method: "GET" | "POST" = "POST"): Promise<HttpResult> {
    return send({
      method,
      url: `${this.settings.baseUrl}${path}`,
      body: { ...params, token: this.settings.token },
      timeoutMs,
    });
  }

  /**
   * A read-only step (details, userlist): a fresh reference each attempt, one retry on a network
   * error or 5xx. Returns the JSON body of a successful answer; throws an `UpstreamError` otherwise.
   */
  async lookup(path: string, params: Record<string, unknown>): Promise<unknown> {
    const result = await withOneRetry(() =>
      this.post(path, { ...params, reference: lookupReference() }, this.timeouts.lookupTimeoutMs),
    );
    if (result.kind === "timeout") throw new UpstreamUnavailable("Khalti did not answer in time", "khalti");
    if (result.kind === "network") throw new UpstreamUnavailable(`Khalti could not be reached (${result.detail})`, "khalti");
    if (result.kind === "oversized") throw new UpstreamUnavailable("Khalti sent an answer too large to read", "khalti");
    if (result.status >= 500) throw new UpstreamUnavailable(`Khalti failed (HTTP ${result.status})`, "khalti");
    if (!result.isJson) {
      if (result.status === 404) throw new UpstreamUnavailable("Khalti does not offer this service (HTTP 404)", "khalti");
      throw new UpstreamMalformed(`Khalti sent a non-JSON answer (HTTP ${result.status})`, "khalti");
    }
    const body = result.json;
    const env = errorEnvelope.safeParse(body);
    const refused = result.status !== 200 || (env.success && env.data.status === false);
    if (!refused) return body;
    if (!env.success) throw new UpstreamMalformed(`Khalti sent an unexpected error (HTTP ${result.status})`, "khalti");
    const code = env.data.error_code === undefined ? undefined : String(env.data.error_code);
    const reason = text(env.data.details) ?? text(env.data.detail) ?? text(env.data.message) ?? "request refused";
    if (result.status === 404 || (code && OUR_SIDE_CODES.has(code))) {
      throw new UpstreamUnavailable(`Khalti refused the request${code ? ` (error ${code})` : ""}: ${reason}`, "khalti");
    }
    throw new UpstreamRejected(reason, "khalti", code);
  }

  /** The one call that moves money. Sent once; its answer mapped by the state table above. */
  async commit(path: string, params: Record<string, unknown>): Promise<Outcome> {
    const result = await this.post(path, params, this.timeouts.commitTimeoutMs);
    return commitOutcome(result);
  }

  /**
   * `/api/balance`: the credits left on our Khalti account. Sent as the page documents it: a GET
   * whose request is a JSON document (the token), so the token never stands in a URL. One retry on a
   * network error or 5xx. Throws `UpstreamUnavailable` when Khalti cannot answer or refuses, `UpstreamMalformed` when the answer has no readable credits.
   */
  async balance(): Promise<KhaltiBalance> {
    const result = await withOneRetry(() => this.post("/api/balance", {}, this.timeouts.lookupTimeoutMs, "GET"));
    if (result.kind === "timeout") throw new UpstreamUnavailable("Khalti did not answer in time", "khalti");
    if (result.kind === "network") throw new UpstreamUnavailable(`Khalti could not be reached (${result.detail})`, "khalti");
    if (result.kind === "oversized") throw new UpstreamUnavailable("Khalti sent an answer too large to read", "khalti");
    if (result.status !== 200) {
      const env = result.isJson ? errorEnvelope.safeParse(result.json) : undefined;
      const reason = env?.success ? text(env.data.details) ?? text(env.data.detail) ?? text(env.data.message) : undefined;
      throw new UpstreamUnavailable(`Khalti refused the balance check (HTTP ${result.status})${reason ? `: ${reason}` : ""}`, "khalti");
    }
    if (!result.isJson) throw new UpstreamMalformed("Khalti sent a non-JSON balance", "khalti");
    const body = parseKhalti(balanceBody, result.json, "balance");
    return body.credits_consumed === undefined
      ? { availablePaisa: body.credits_available }
      : { availablePaisa: body.credits_available, consumedPaisa: body.credits_consumed };
  }

  /**
   * `/api/service/status/`: what Khalti knows of the payment made with `reference`. Sent as the page
   * documents it: a GET whose request is a JSON document (token and reference), so the token never
   * stands in a URL (proxies and access logs keep URLs).
   */
  async status(reference: string): Promise<Outcome> {
    const result = await withOneRetry(() => this.post("/api/service/status/", { reference }, this.timeouts.lookupTimeoutMs, "GET"));
    return statusOutcome(result);
  }
}

function unanswered(result: Exclude<HttpResult, { kind: "answer" }>): Outcome {
  if (result.kind === "timeout") return { state: "pending", cause: "timeout", message: "Khalti did not answer in time" };
  if (result.kind === "oversized") {
    return { state: "pending", cause: "malformed", httpStatus: result.status, message: "Khalti sent an answer too large to read; the outcome will be checked" };
  }
  return { state: "pending", cause: "network", message: `Khalti could not be reached (${result.detail})` };
}

/** Maps a commit answer to an outcome, by khalti-common/statecode.md. */
export function commitOutcome(result: HttpResult): Outcome {
  if (result.kind !== "answer") return unanswered(result);
  const raw = result.isJson ? redact(result.json) : result.text;
  const http = { httpStatus: result.status, raw };
  if (result.status === 404) {
    return { state: "failed", cause: "http-status", message: "Khalti does not offer this service (HTTP 404)", ...http };
  }
  if (result.status !== 200) {
    const body = result.isJson ? outcomeBody.safeParse(result.json) : undefined;
    const detail = body?.success ? text(body.data.details) ?? text(body.data.message) : undefined;
    return {
      state: "pending",
      cause: body?.success && String(body.data.error_code) === "1013" ? "duplicate-reference" : "http-status",
      message: `Khalti answered HTTP ${result.status}${detail ? `: ${detail}` : ""}; the outcome will be checked`,
      ...http,
    };
  }
  return decideOnState(result, "commit");
}

/** Maps a status-lookup answer to an outcome. Only a clear answer about the payment decides. */
export function statusOutcome(result: HttpResult): Outcome {
  if (result.kind !== "answer") return unanswered(result);
  const raw = result.isJson ? redact(result.json) : result.text;
  if (result.isJson) {
    const body = outcomeBody.safeParse(result.json);
    // "The reference sent is not a valid reference": Khalti has no payment with it.
    if (body.success && (body.data.error === "invalid_reference" || String(body.data.error_code) === "002")) {
      return {
        state: "failed",
        cause: "not-found",
        message: text(body.data.message) ?? "Khalti has no payment with this reference",
        upstreamState: body.data.state,
        httpStatus: result.status,
        raw,
      };
    }
    // A refusal of the lookup itself (bad token, maintenance) says nothing about the payment.
    if (body.success && body.data.status === false) {
      return {
        state: "pending",
        cause: "http-status",
        message: `Khalti refused the status lookup: ${text(body.data.details) ?? text(body.data.message) ?? "no reason given"}`,
        httpStatus: result.status,
        raw,
      };
    }
  }
  if (result.status !== 200) {
    return { state: "pending", cause: "http-status", message: `Khalti answered HTTP ${result.status}`, httpStatus: result.status, raw };
  }
  return decideOnState(result, "status");
}

function decideOnState(result: Extract<HttpResult, { kind: "answer" }>, call: "commit" | "status"): Outcome {
  if (!result.isJson) {
    return { state: "pending", cause: "malformed", message: "Khalti sent a garbled answer; the outcome will be checked", httpStatus: 200, raw: result.text };
  }
  const raw = redact(result.json);
  const body = outcomeBody.safeParse(result.json);
  if (!body.success) {
    return { state: "pending", cause: "malformed", message: "Khalti sent an unexpected answer; the outcome will be checked", httpStatus: 200, raw };
  }
  const b = body.data;
  const upstreamState = b.state;
  const word = upstreamState?.trim().toLowerCase();
  const idValue = call === "status" ? b.response_id ?? b.id : b.id;
  const base = {
    upstreamState,
    httpStatus: 200,
    raw,
    upstreamId: idValue === undefined ? undefined : String(idValue),
    creditsConsumedPaisa: rupeesToPaisa(b.credits_consumed),
    creditsAvailablePaisa: rupeesToPaisa(b.credits_available),
  };
  const said = text(b.details) ?? text(b.detail) ?? text(b.message);
  if (String(b.error_code) === "1013") {
    return { state: "pending", cause: "duplicate-reference", message: "Khalti has already seen this reference; the outcome will be checked", ...base };
  }
  if (word && SUCCESS.has(word)) {
    return { state: "success", cause: "answer", message: said ?? "Successfully completed", ...base };
  }
  if (word && FAILED.has(word)) {
    return { state: "failed", cause: "answer", message: said ?? `Khalti reported ${upstreamState}`, ...base };
  }
  if (word && PENDING.has(word)) {
    return { state: "pending", cause: "answer", message: said ?? `Khalti reported ${upstreamState}`, ...base };
  }
  return {
    state: "pending",
    cause: upstreamState ? "answer" : "malformed",
    message: upstreamState ? `Khalti reported an unknown state "${upstreamState}"` : "Khalti's answer had no state; the outcome will be checked",
    ...base,
  };
}

/** Parses a successful lookup body, naming the family in any error. */
export function parseKhalti<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  return parseOrMalformed(schema, body, "khalti", what);
}
