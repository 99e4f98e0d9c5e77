/**
 * What the two played aggregators share: the readers of request values, replies, sessions with
 * their payable options, the endpoint and aggregator shapes the server dispatches to, and the book
 * of commits and transactions (acceptance, settling, the credits they consume).
 */
import type { IncomingMessage } from "node:http";
import type { CommitRecord, SandboxFamily, SandboxState } from "./types.js";

export type Json = Record<string, unknown>;
export type AggregatorName = CommitRecord["aggregator"];
/** What a request does, as faults select it. */
export type Kind = "commit" | "lookup" | "status" | "other";
/** A state a commit ends in. */
export type Final = "Success" | "Failed";

/** An answer: HTTP status and JSON body. */
export interface Reply {
  status: number;
  body: unknown;
}

/** Thrown by a handler to answer `reply` at once (a refusal). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super("reply");
  }
}

/** `handler()`'s reply, or the reply of the `ReplyError` it threw. */
export function answerOf(handler: () => Reply): Reply {
  try {
    return handler();
  } catch (err) {
    if (err instanceof ReplyError) return err.reply;
    throw err;
  }
}

// ---- request values -----------------------------------------------------------------------

const DIGITS = /^\d+$/;
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

export function isJsonObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `raw` parsed, when it is a JSON object. */
export function parseObject(raw: string): Json | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return isJsonObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A number, or a decimal string; undefined otherwise. */
export function decimal(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === "string" && DECIMAL.test(v)) return Number(v);
  return undefined;
}

/** A whole number, given as a number or a string of digits; undefined otherwise. */
export function wholeNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === "string" && DIGITS.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** Whole digits, given as a number or a string; undefined otherwise (Global Topup references). */
export function digits(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === "string" && DIGITS.test(v)) return v;
  return undefined;
}

/** Missing, null or blank. */
export function absent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/** An id given as a number or a non-blank string, as trimmed text. */
export function idText(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  return undefined;
}

/** `table[key]` when the table has it as its own entry. */
export function entry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export const paisa = (rupees: number): number => Math.round(rupees * 100);
export const rupees = (p: number): number => p / 100;

// ---- sessions -----------------------------------------------------------------------------

/** One payable choice of a session: a package (and duration), or a due without package. */
export interface PayOption {
  packageId?: string;
  durationCode?: string;
  amountPaisa: number;
  name: string;
}

/** A package of a fixture as a payable option. */
export function payOption(packageId: string | number, amountRupees: number, name: string): PayOption {
  return { packageId: String(packageId), amountPaisa: paisa(amountRupees), name };
}

/** What a lookup opened and a commit uses. */
export interface Session {
  id: number;
  /** Undefined until the step that lists the packages (times). */
  options: PayOption[] | undefined;
  /** The commit that used this session (Success or Queued); cleared when it fails. */
  usedBy?: Transaction;
}

/** An aggregator's sessions, numbered from `next`. */
export class Sessions<S extends Session> {
  private readonly byId = new Map<number, S>();

  constructor(private next: number) {}

  open(fields: Omit<S, "id">): S {
    const session = { id: this.next++, ...fields } as S;
    this.byId.set(session.id, session);
    return session;
  }

  get(id: number | undefined): S | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

// ---- endpoints ----------------------------------------------------------------------------

/** What an accepted commit becomes (decided by the fault at hand). */
export interface Outcome {
  state: SandboxState;
  finalState: Final;
  /** When a queued commit settles to `finalState` at its next status lookup. */
  settleAt: number | undefined;
}

/** One endpoint of an aggregator (methods default to POST). */
export type Route = { methods?: readonly string[] } & (
  | { kind: Exclude<Kind, "commit">; answer(body: Json): Reply }
  | {
      kind: "commit";
      family: SandboxFamily;
      /** Validates and applies a commit; it is refused unless it sets `record.accepted`. */
      commit(body: Json, record: CommitRecord, outcome: Outcome): Reply;
    }
);

/** A request's body; or the refusal of a request without a valid token or body, with the body when it was read. */
export type Read = { body: Json } | { refusal: Reply; body?: Json };

/**
 * A played aggregator, as the server dispatches to it. It keeps its endpoints, its sessions, the
 * references it has seen (each may be used once) and its transactions by reference.
 */
export abstract class PlayedAggregator<S extends Session = Session> {
  abstract readonly name: AggregatorName;
  /** The commit body's field holding the caller's reference. */
  abstract readonly referenceField: string;
  /** Where a commit's outcome stands in its answer (the badShape fault removes it). */
  abstract readonly outcomePath: readonly string[];
  /** Bodies of the sandbox's own HTTP failures, in this aggregator's words. */
  abstract readonly wire: { notFound: Json; serverError: Json; gatewayTimeout: Json; garbled: string };
  readonly sessions: Sessions<S>;
  protected readonly routes = new Map<string, Route>();
  protected readonly byReference = new Map<string, Transaction<S>>();
  private readonly references = new Set<string>();

  constructor(
    protected readonly book: Book,
    firstSessionId: number,
  ) {
    this.sessions = new Sessions<S>(firstSessionId);
  }

  /** The endpoint at `path` (below the aggregator's base URL). */
  route(path: string): Route | undefined {
    return this.routes.get(path);
  }

  /** Reads the request's token and body. */
  abstract read(req: IncomingMessage, route: Route, query: URLSearchParams, raw: string): Read;

  /** Forgets sessions, references and transactions. */
  reset(): void {
    this.sessions.clear();
    this.references.clear();
    this.byReference.clear();
  }

  /** Remembers `reference`; false when it was used before. */
  protected claim(reference: string): boolean {
    if (this.references.has(reference)) return false;
    this.references.add(reference);
    return true;
  }
}

// ---- the book -----------------------------------------------------------------------------

/** An accepted commit. */
export interface Transaction<S extends Session = Session> extends Outcome {
  reference: string | undefined;
  /** Khalti `id` / Global Topup `transaction_id`. */
  id: number;
  amountPaisa: number;
  /** Credits it consumes (refunded when it fails). */
  chargedPaisa: number;
  record: CommitRecord;
  session: S;
  createdAt: Date;
}

/** Every commit received, every accepted one, and the credits they consume. */
export class Book {
  readonly commits: CommitRecord[] = [];
  private transactions: Transaction[] = [];
  /** Credits consumed by the transactions that have not failed. */
  consumedPaisa = 0;

  /** Records a commit request (refused until accepted). */
  record(aggregator: AggregatorName, family: SandboxFamily, body: Json, reference: unknown): CommitRecord {
    const { token: _token, ...rest } = body;
    const record: CommitRecord = { aggregator, family, reference: idText(reference), body: rest, accepted: false, at: new Date().toISOString() };
    const amount = decimal(body.amount);
    if (amount !== undefined) record.amountPaisa = paisa(amount);
    this.commits.push(record);
    return record;
  }

  /** Accepts the commit of `record` on `session` (used unless it failed). */
  accept<S extends Session>(
    record: CommitRecord,
    session: S,
    outcome: Outcome,
    t: Pick<Transaction, "reference" | "id" | "amountPaisa" | "chargedPaisa">,
  ): Transaction<S> {
    const tx: Transaction<S> = { ...t, ...outcome, record, session, createdAt: new Date() };
    if (tx.state !== "Failed") session.usedBy = tx;
    this.transactions.push(tx);
    this.consumedPaisa += tx.chargedPaisa;
    record.accepted = true;
    record.state = tx.state;
    record.upstreamId = tx.id;
    return tx;
  }

  /** Settles the last commit with `reference` now. Throws for an unknown reference or a settled commit. */
  settle(reference: string, state: Final): void {
    if (state !== "Success" && state !== "Failed") throw new TypeError('state must be "Success" or "Failed"');
    const tx = this.transactions.findLast((t) => t.reference === String(reference));
    if (!tx) throw new Error(`no accepted commit with reference ${String(reference)}`);
    if (tx.state === state) return;
    if (tx.state === "Success" || tx.state === "Failed") {
      throw new Error(`the commit with reference ${String(reference)} is already settled (${tx.state})`);
    }
    this.settleTx(tx, state);
  }

  /** Settles a queued commit whose time has come (at a status lookup). */
  settleDue(tx: Transaction): void {
    if ((tx.state === "Queued" || tx.state === "Processing") && tx.settleAt !== undefined && Date.now() >= tx.settleAt) {
      this.settleTx(tx, tx.finalState);
    }
  }

  reset(): void {
    this.transactions = [];
    this.commits.length = 0;
    this.consumedPaisa = 0;
  }

  private settleTx(tx: Transaction, to: Final): void {
    if (tx.state === "Success" || tx.state === "Failed") return;
    tx.state = to;
    tx.record.state = to;
    tx.settleAt = undefined;
    if (to === "Failed") {
      this.consumedPaisa -= tx.chargedPaisa;
      tx.chargedPaisa = 0;
      if (tx.session.usedBy === tx) tx.session.usedBy = undefined;
    }
  }
}
