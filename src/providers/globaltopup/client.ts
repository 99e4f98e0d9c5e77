/**
 * Global Topup: `x-auth-token` header, `{error, message, data}` envelope (globaltopup-*.md).
 * The execute and status shapes are partly ASSUMED by our documents, so outcomes are decided
 * conservatively: only a clear success or failure word settles a payment; anything else, an error
 * envelope, 5xx, no answer, or the status lookup's "Order not found", leaves it pending.
 */
import { z } from "zod";
import type { AggregatorSettings } from "../../config.js";
import { redact } from "../../shared/redact.js";
import { type HttpResult, send, withOneRetry } from "../http.js";
import { type Outcome, UpstreamMalformed, UpstreamRejected, UpstreamUnavailable } from "../types.js";

const envelope = z.looseObject({
  error: z.boolean(),
  message: z.string().nullish(),
  data: z.unknown().optional(),
});

const orderData = z.looseObject({
  status: z.string().nullish(),
  transaction_id: z.union([z.string(), z.number()]).nullish(),
  order_id: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
});

const SUCCESS = /^(success|successful|succeeded|completed?|delivered)$/i;
const FAILED = /^(fail|failed|failure|refunded|cancell?ed|rejected|reversed|error)$/i;

export interface GlobalTopupTimeouts {
  lookupTimeoutMs: number;
  commitTimeoutMs: number;
}

export class GlobalTopupClient {
  constructor(
    private readonly settings: AggregatorSettings,
    private readonly timeouts: GlobalTopupTimeouts,
  ) {}

  private post(path: string, body: Record<string, unknown>, timeoutMs: number): Promise<HttpResult> {
    return send({
      method: "POST",
      url: `${this.settings.baseUrl}${path}`,
      body,
      headers: { "x-auth-token": this.settings.token, "Content-Type": "application/json" },
      timeoutMs,
    });
  }

  /** A read-only call with one retry; returns `data` of a successful envelope or throws. */
  async lookup(path: string, body: Record<string, unknown> | (() => Record<string, unknown>)): Promise<unknown> {
    const make = typeof body === "function" ? body : () => body;
    const result = await withOneRetry(() => this.post(path, make(), this.timeouts.lookupTimeoutMs));
    if (result.kind === "timeout") throw new UpstreamUnavailable("Global Topup did not answer in time", "globaltopup");
    if (result.kind === "network") throw new UpstreamUnavailable(`Global Topup could not be reached (${result.detail})`, "globaltopup");
    if (result.kind === "oversized") throw new UpstreamUnavailable("Global Topup sent an answer too large to read", "globaltopup");
    if (result.status >= 500) throw new UpstreamUnavailable(`Global Topup failed (HTTP ${result.status})`, "globaltopup");
    if (result.status === 401 || result.status === 403) {
      throw new UpstreamUnavailable(`Global Topup refused our credentials (HTTP ${result.status})`, "globaltopup");
    }
    if (!result.isJson) throw new UpstreamMalformed(`Global Topup sent a non-JSON answer (HTTP ${result.status})`, "globaltopup");
    const env = envelope.safeParse(result.json);
    if (!env.success) throw new UpstreamMalformed(`Global Topup sent an unexpected answer (HTTP ${result.status})`, "globaltopup");
    if (env.data.error || result.status !== 200) {
      throw new UpstreamRejected(env.data.message?.trim() || `request refused (HTTP ${result.status})`, "globaltopup");
    }
    return env.data.data;
  }

  /** `/np/recharge/execute`, sent once. */
  async execute(body: Record<string, unknown>): Promise<Outcome> {
    return executeOutcome(await this.post("/np/recharge/execute", body, this.timeouts.commitTimeoutMs));
  }

  /** `/np/order/status` by our `reference_no`. */
  async status(reference: string): Promise<Outcome> {
    const result = await withOneRetry(() =>
      this.post("/np/order/status", { order_id: reference }, this.timeouts.lookupTimeoutMs),
    );
    return statusOutcome(result);
  }
}

function unanswered(result: Exclude<HttpResult, { kind: "answer" }>): Outcome {
  if (result.kind === "timeout") return { state: "pending", cause: "timeout", message: "Global Topup did not answer in time" };
  if (result.kind === "oversized") {
    return { state: "pending", cause: "malformed", httpStatus: result.status, message: "Global Topup sent an answer too large to read; the outcome will be checked" };
  }
  return { state: "pending", cause: "network", message: `Global Topup could not be reached (${result.detail})` };
}

/** Decides on `data.status` of a successful envelope; everything else is pending. */
function fromOrder(result: Extract<HttpResult, { kind: "answer" }>): Outcome {
  const raw = result.isJson ? redact(result.json) : result.text;
  const base = { httpStatus: result.status, raw };
  if (!result.isJson) {
    return { state: "pending", cause: "malformed", message: "Global Topup sent a garbled answer; the outcome will be checked", ...base };
  }
  const env = envelope.safeParse(result.json);
  if (!env.success) {
    return { state: "pending", cause: "malformed", message: "Global Topup sent an unexpected answer; the outcome will be checked", ...base };
  }
  if (env.data.error || result.status !== 200) {
    return {
      state: "pending",
      cause: "http-status",
      message: `Global Topup answered HTTP ${result.status}${env.data.message ? `: ${env.data.message}` : ""}; the outcome will be checked`,
      ...base,
    };
  }
  const data = orderData.safeParse(env.data.data);
  const word = data.success ? data.data.status?.trim() : undefined;
  if (!data.success || !word) {
    return { state: "pending", cause: "malformed", message: "Global Topup's answer had no status; the outcome will be checked", ...base };
  }
  const upstreamId = data.data.transaction_id == null ? undefined : String(data.data.transaction_id);
  const message = env.data.message?.trim() || data.data.message?.trim() || word;
  if (SUCCESS.test(word)) return { state: "success", cause: "answer", upstreamState: word, upstreamId, message, ...base };
  if (FAILED.test(word)) return { state: "failed", cause: "answer", upstreamState: word, upstreamId, message, ...base };
  return { state: "pending", cause: "answer", upstreamState: word, upstreamId, message: `Global Topup reported "${word}"`, ...base };
}

export function executeOutcome(result: HttpResult): Outcome {
  return result.kind === "answer" ? fromOrder(result) : unanswered(result);
}

/**
 * The status lookup's answer. "Order not found" (HTTP 404, error envelope, empty data) is unknown,
 * not a failure: our documents do not say what it means (an order not made, or not visible yet), so
 * the money stays held and reconciliation asks again, until the payment is flagged for an admin.
 */
export function statusOutcome(result: HttpResult): Outcome {
  if (result.kind !== "answer") return unanswered(result);
  if (result.status === 404 && result.isJson) {
    const env = envelope.safeParse(result.json);
    if (env.success && env.data.error && Array.isArray(env.data.data)) {
      const said = env.data.message?.trim() || "no order with this reference";
      return {
        state: "pending",
        cause: "not-found",
        message: `Global Topup answered "${said}"; the outcome will be checked again`,
        httpStatus: 404,
        raw: redact(result.json),
      };
    }
  }
  return fromOrder(result);
}
