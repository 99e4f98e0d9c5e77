/**
 * Khalti services as the sandbox plays them (khalti-common/): the token in the JSON body (or the
 * query of a GET), one error envelope, references used once, a session per lookup, the commit
 * every family shares (session, package, amount, credits), `/api/service/status/` and
 * `/api/balance`. Each family's accounts, lookups and commit rules are in its own file.
 */
import type { IncomingMessage } from "node:http";
import type { Book, Json, Outcome, PayOption, Read, Reply, Route, Session } from "../common.js";
import { PlayedAggregator, ReplyError, absent, decimal, entry, idText, paisa, parseObject, rupees, wholeNumber } from "../common.js";
import type { CommitRecord, SandboxFamily } from "../types.js";

/** The token `npm run sandbox` accepts. */
export const DEFAULT_KHALTI_TOKEN = "TEST:sandbox";
/** Credits of the sandbox's Khalti account at start and after `reset()`. */
export const KHALTI_START_CREDITS = 10_000_000.0;
/** First Khalti session id (`session_id`) handed out. */
const FIRST_SESSION_ID = 2800;
/** First Khalti commit id (`id`, status `response_id`). */
const FIRST_COMMIT_ID = 42353;

const MESSAGES: Readonly<Record<string, string>> = {
  "002": "The reference sent is not a valid reference.",
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

const REFERENCE = /^[A-Za-z0-9]{1,50}$/;
const FAILED_DETAILS = "Transaction failed at the provider (sandbox)";
const QUEUED_DETAILS = "Transaction is being processed";

export type KhaltiFamily = Exclude<SandboxFamily, "merosoft">;

/** Khalti's error envelope; `extra` adds or overrides fields. */
export function khaltiError(httpStatus: number, code: string, details: string, extra: Json = {}): Reply {
  return {
    status: httpStatus,
    body: {
      status: false,
      error_code: code,
      message: entry(MESSAGES, code) ?? "Error",
      error: "client_error",
      details,
      error_data: {},
      state: "Error",
      ...extra,
    },
  };
}

/** A refusal to throw from a handler (HTTP 400 unless told). */
export function refusal(code: string, details: string, httpStatus = 400, extra: Json = {}): ReplyError {
  return new ReplyError(khaltiError(httpStatus, code, details, extra));
}

/** A Khalti session: the family and the account (customer id or username) it was opened for. */
export interface KhaltiSession extends Session {
  family: KhaltiFamily;
  account: string;
}

/**
 * A family's part: the lookup step that opens a session, any further lookup steps, and the rules
 * of its commit. Steps are served at `/api/servicegroup/<step>/<family>/`.
 */
export interface KhaltiFamilyPlay<T = unknown> {
  family: KhaltiFamily;
  /** The service slugs of its ISPs (worldlink-v2 has none). */
  slugs?: readonly string[];
  /** The step that opens a session for an account of `accounts`. */
  opening: {
    step: string;
    /** The body's field naming the account; default `username`. */
    field?: string;
    accounts: Readonly<Record<string, T>>;
    /** The answer's body and the options the session offers (throws a `ReplyError` to refuse). */
    found(account: T): { body: Json; options: PayOption[] | undefined };
  };
  /** Further lookup steps by name (times `details`). */
  lookups?: Readonly<Record<string, (khalti: Khalti, body: Json) => Reply>>;
  commit: {
    /** The commit may come without a reference (times). */
    referenceOptional?: boolean;
    /** Checks the body before anything else; throws a `ReplyError`. */
    screen?(body: Json): void;
    /** The session's options the commit may pay (default `byPackageId`); throws a `ReplyError`. */
    choose?(session: KhaltiSession, options: PayOption[], body: Json): PayOption[];
    /** The `detail` of an immediate success. */
    successDetail(): string;
    /** The answer leaves out the credits (worldlink-v2). */
    withoutCredits?: boolean;
  };
}

/** The options with the body's `package_id`. */
export function byPackageId(_session: KhaltiSession, options: PayOption[], body: Json): PayOption[] {
  const packageId = idText(body.package_id);
  if (!packageId) throw refusal("1010", "package_id is required.");
  const found = options.filter((o) => o.packageId === packageId);
  if (found.length === 0) throw refusal("1010", "Invalid package_id for this session.");
  return found;
}

/** The played Khalti services, with the families given. */
export class Khalti extends PlayedAggregator<KhaltiSession> {
  readonly name = "khalti";
  readonly referenceField = "reference";
  readonly outcomePath = ["state"];
  readonly wire = {
    notFound: { detail: "Not found." },
    serverError: { detail: "Internal Server Error" },
    gatewayTimeout: { detail: "Gateway Timeout" },
    garbled: '{"status": tru',
  };
  private nextId = FIRST_COMMIT_ID;

  constructor(
    private readonly token: string,
    book: Book,
    plays: readonly KhaltiFamilyPlay[],
  ) {
    super(book, FIRST_SESSION_ID);
    for (const play of plays) {
      const path = (step: string) => `/api/servicegroup/${step}/${play.family}/`;
      this.routes.set(path(play.opening.step), { kind: "lookup", answer: (b) => this.open(play, b) });
      for (const [step, handler] of Object.entries(play.lookups ?? {})) {
        this.routes.set(path(step), { kind: "lookup", answer: (b) => handler(this, b) });
      }
      this.routes.set(path("commit"), { kind: "commit", family: play.family, commit: (b, r, o) => this.commit(play, b, r, o) });
    }
    const methods = ["GET", "POST"];
    this.routes.set("/api/service/status/", { kind: "status", methods, answer: (b) => this.status(b) });
    this.routes.set("/api/balance", { kind: "other", methods, answer: () => this.balance() });
  }

  read(req: IncomingMessage, _route: Route, query: URLSearchParams, raw: string): Read {
    // A GET carries its JSON document as a body (as Khalti documents status and balance); the query
    // string is still read for a GET without one.
    const body = req.method === "GET" && raw.trim() === "" ? Object.fromEntries(query.entries()) : parseObject(raw);
    if (!body) return { refusal: khaltiError(400, "1014", "The request body is not valid JSON.") };
    if (absent(body.token)) return { refusal: khaltiError(400, "1001", ""), body };
    if (body.token !== this.token) return { refusal: khaltiError(400, "1002", ""), body };
    return { body };
  }

  /**
   * The step that opens a session: the service slug (when the family has slugs), a fresh reference
   * and the account named by the body's field; then the found body, copied, with the new session's
   * id as `session_id`. Throws a `ReplyError`.
   */
  private open(play: KhaltiFamilyPlay, body: Json): Reply {
    const { opening } = play;
    this.startLookup(body, play.slugs);
    const field = opening.field ?? "username";
    const key = idText(body[field]);
    if (!key) throw refusal("1010", `${field} is required.`);
    const account = entry(opening.accounts, key);
    if (account === undefined) throw refusal("4000", "Customer not found.");
    const found = opening.found(account);
    return this.answerFor(this.sessions.open({ family: play.family, account: key, options: found.options }), found.body);
  }

  /** How every lookup starts: the body's `service_slug` (when the family has slugs) and a fresh reference. */
  startLookup(body: Json, slugs: readonly string[] | undefined): void {
    if (slugs) {
      const slug = body.service_slug;
      if (absent(slug) || typeof slug !== "string") throw refusal("1010", "service_slug is required.");
      if (!slugs.includes(slug)) throw refusal("1008", "Service not found", 404, { detail: "Service not found" });
    }
    this.useReference(body.reference, true);
  }

  /** Validates and remembers the reference of a call. Throws a `ReplyError` when refused. */
  private useReference(value: unknown, required: boolean): string | undefined {
    if (absent(value)) {
      if (required) throw refusal("1012", "reference is required.");
      return undefined;
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw refusal("1010", "reference must be a string of 1 to 50 letters and digits.");
    }
    const ref = String(value);
    if (!REFERENCE.test(ref)) throw refusal("1010", "reference must be 1 to 50 letters and digits (A-Z, a-z, 0-9).");
    if (!this.claim(ref)) throw refusal("1013", `The reference ${ref} has already been used.`);
    return ref;
  }

  /** Answers `body` (copied) with the session's id as `session_id`. */
  answerFor(session: KhaltiSession, body: Json): Reply {
    return { status: 200, body: { ...structuredClone(body), session_id: session.id } };
  }

  /** The session named by the body's `session_id`, of this family; throws a `ReplyError`. */
  findSession(value: unknown, family: KhaltiFamily): KhaltiSession {
    if (absent(value)) throw refusal("1010", "session_id is required.");
    const id = wholeNumber(value);
    if (id === undefined) throw refusal("1010", "session_id must be a number.");
    const session = this.sessions.get(id);
    if (!session || session.family !== family) throw refusal("4000", "Invalid session.");
    return session;
  }

  /** The account's credits at start, less what the transactions that have not failed consumed. */
  private creditsAvailablePaisa(): number {
    return paisa(KHALTI_START_CREDITS) - this.book.consumedPaisa;
  }

  /** Validates a commit, applies it (state per the outcome) and returns the documented answer. */
  private commit(play: KhaltiFamilyPlay, body: Json, record: CommitRecord, outcome: Outcome): Reply {
    const rules = play.commit;
    rules.screen?.(body);
    const reference = this.useReference(body.reference, !rules.referenceOptional);
    const session = this.findSession(body.session_id, play.family);
    if (session.usedBy) throw refusal("4000", "Session already used.");
    if (!session.options) throw refusal("4000", "Packages were not fetched for this session.");
    const amount = decimal(body.amount);
    const candidates = (rules.choose ?? byPackageId)(session, session.options, body);
    if (amount === undefined) throw refusal("1010", "amount must be a number.");
    const chosen = candidates.find((o) => o.amountPaisa === paisa(amount));
    if (!chosen) throw refusal("1010", "Amount does not match the selected package.");

    const chargedPaisa = outcome.state === "Failed" ? 0 : chosen.amountPaisa;
    if (chargedPaisa > this.creditsAvailablePaisa()) throw refusal("1016", "Not enough credits for this transaction.");
    const tx = this.book.accept(record, session, outcome, { reference, id: this.nextId++, amountPaisa: chosen.amountPaisa, chargedPaisa });
    if (reference) this.byReference.set(reference, tx);

    if (tx.state === "Failed") return khaltiError(200, "4000", FAILED_DETAILS, { state: "Failed" });
    const queued = tx.state !== "Success";
    const answer: Json = {
      status: true,
      state: tx.state,
      message: queued ? "Transaction Queued" : "Successfully Completed Transaction",
      extra_data: {},
      detail: queued ? QUEUED_DETAILS : rules.successDetail(),
    };
    if (!rules.withoutCredits) {
      answer.credits_consumed = rupees(tx.chargedPaisa);
      answer.credits_available = rupees(this.creditsAvailablePaisa());
    }
    answer.id = tx.id;
    return { status: 200, body: answer };
  }

  private status(body: Json): Reply {
    if (absent(body.reference)) return khaltiError(400, "1012", "reference is required.");
    const reference = String(body.reference);
    const tx = this.byReference.get(reference);
    if (!tx) return khaltiError(400, "002", "", { error: "invalid_reference" });
    this.book.settleDue(tx);
    const amount = rupees(tx.amountPaisa);
    const failed = tx.state === "Failed";
    return {
      status: 200,
      body: {
        status: true,
        state: tx.state,
        original_status: failed ? "Error" : tx.state,
        details: failed ? FAILED_DETAILS : tx.state === "Success" ? "Successful recharge" : QUEUED_DETAILS,
        reference,
        response_id: tx.id,
        amount,
        refunded: false,
        refunded_amount: 0.0,
        refunds: failed ? [{ created_at: tx.createdAt.toISOString().slice(0, 10), remarks: FAILED_DETAILS, amount }] : [],
      },
    };
  }

  private balance(): Reply {
    return {
      status: 200,
      body: { credits_consumed: rupees(this.book.consumedPaisa), credits_available: rupees(this.creditsAvailablePaisa()) },
    };
  }
}
