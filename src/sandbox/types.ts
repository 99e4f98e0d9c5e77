/** The sandbox's public types: what `startSandbox()` returns, what it records and the faults it takes. */

/** The aggregator families the sandbox plays. */
export type SandboxFamily = "times" | "konnect" | "worldlink-v2" | "hashcnet-v2" | "merosoft";
/** A commit's state upstream. */
export type SandboxState = "Success" | "Queued" | "Processing" | "Failed";

/** One commit request as the sandbox received it. */
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

/** A fault to apply to the next matching request(s). */
export type FaultSpec = {
  /**
   * `slowBody`: the headers at once, the body trickled over `delayMs`. `oversized`: the answer padded
   * past 1 MB (`sizeBytes`), sent without a length. `echoToken`: the answer echoes the caller's token
   * in an odd field and in its message. `reorder`: a lookup's lists come in reverse order.
   */
  fault: "timeout" | "http500" | "malformed" | "badShape" | "queued" | "failed" | "slowBody" | "oversized" | "echoToken" | "reorder";
  /** Default "commit". */
  on?: "commit" | "lookup" | "status" | "any";
  /** Default "any". */
  aggregator?: "khalti" | "globaltopup" | "any";
  /** How many matching requests it applies to, default 1. */
  times?: number;
  /** timeout: how long to wait before answering; slowBody: how long the body takes. Default 120000. */
  delayMs?: number;
  /** oversized: the size of the padded answer in bytes, default 2 MB. */
  sizeBytes?: number;
  /** Commit faults timeout/http500/malformed: whether the commit took effect upstream anyway. */
  processed?: boolean;
  /** queued, and processed timeouts: the final state, default "Success". */
  settleTo?: "Success" | "Failed";
  /** queued: a status lookup made this long after the commit sees the final state; default 0. */
  settleAfterMs?: number;
};

/** One request to an aggregator, as the sandbox received it (no values: names only). */
export interface RequestRecord {
  aggregator: "khalti" | "globaltopup";
  method: string;
  /** Below the aggregator's base URL. */
  path: string;
  /** The names of the URL's query parameters (a token there is visible to every proxy and log). */
  query: string[];
}

/** A running sandbox. */
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
  /** The last 1,000 requests to either aggregator, in order (cleared in place by `reset`). */
  requests: RequestRecord[];
  injectFault(f: FaultSpec): void;
  /** Settles a queued/processing commit now. Throws for an unknown reference or a settled commit. */
  settle(reference: string, state: "Success" | "Failed"): void;
  /** Forgets sessions, references, commits and faults; restores the Khalti credits. */
  reset(): void;
  /** Closes promptly, even while a "timeout" fault keeps a request open. */
  close(): Promise<void>;
}

/** Where `startSandbox()` listens and which tokens it accepts. */
export interface SandboxOptions {
  port?: number;
  host?: string;
  khaltiToken?: string;
  globaltopupToken?: string;
}
