/**
 * Global Topup as the sandbox plays it (globaltopup-execute-and-status.md): the `x-auth-token`
 * header, the `{error, message, data}` envelope, references (digits only) used once, sessions, the
 * answer to an accepted execute, and the status lookups `/np/order/status` and `/np/service/status`.
 * The internet packages (lookup and execute) are in merosoft.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Book, Json, Outcome, PayOption, Read, Reply, Route, Session, Transaction } from "../common.js";
import { PlayedAggregator, ReplyError, absent, digits, idText, parseObject, rupees, wholeNumber } from "../common.js";
import type { CommitRecord, SandboxState } from "../types.js";

/** The token `npm run sandbox` accepts. */
export const DEFAULT_GLOBALTOPUP_TOKEN = "sandbox";
/** First package session id. */
const FIRST_SESSION_ID = 24109;
/** First `transaction_id`. */
const FIRST_TRANSACTION_ID = 880001;

/** Global Topup's error envelope (status lookups add an empty `data`). */
export function gtuError(httpStatus: number, message: string, withData = false): Reply {
  return { status: httpStatus, body: withData ? { error: true, message, data: [] } : { error: true, message } };
}

/** A 422 refusal to throw from a handler. */
export function gtuRefusal(message: string): ReplyError {
  return new ReplyError(gtuError(422, message));
}

/** Global Topup's success envelope. */
export function gtuAnswer(message: string, data: Json): Reply {
  return { status: 200, body: { error: false, message, data } };
}

/** A package session: the operator and connection it was opened for. */
export interface GtuSession extends Session {
  options: PayOption[];
  operatorId: number;
  connectionNo: string;
  /** The operator's name, for the status lookups. */
  operator: string;
}

/** A family's endpoints by path, given the aggregator they use. */
export type GlobalTopupFamily = (globalTopup: GlobalTopup) => Readonly<Record<string, Route>>;

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "November 23,2026 9:03pm", in Nepal time (UTC+5:45), like Global Topup's example. */
function timestamp(d: Date): string {
  const t = new Date(d.getTime() + 345 * 60_000);
  const h24 = t.getUTCHours();
  const h = h24 % 12 === 0 ? 12 : h24 % 12;
  const mm = String(t.getUTCMinutes()).padStart(2, "0");
  return `${MONTHS[t.getUTCMonth()] ?? ""} ${t.getUTCDate()},${t.getUTCFullYear()} ${h}:${mm}${h24 >= 12 ? "pm" : "am"}`;
}

function statusWord(state: SandboxState): "Success" | "Pending" | "Failed" {
  return state === "Success" ? "Success" : state === "Failed" ? "Failed" : "Pending";
}

/** The played Global Topup, with the families given. */
export class GlobalTopup extends PlayedAggregator<GtuSession> {
  readonly name = "globaltopup";
  readonly referenceField = "reference_no";
  readonly outcomePath = ["data", "status"];
  readonly wire = {
    notFound: { error: true, message: "Not found" },
    serverError: { error: true, message: "Server Error" },
    gatewayTimeout: { error: true, message: "Gateway Timeout" },
    garbled: '{"error": fals',
  };
  private readonly byId = new Map<number, Transaction<GtuSession>>();
  private nextId = FIRST_TRANSACTION_ID;

  constructor(
    private readonly token: string,
    book: Book,
    families: readonly GlobalTopupFamily[],
  ) {
    super(book, FIRST_SESSION_ID);
    for (const family of families) {
      for (const [path, route] of Object.entries(family(this))) this.routes.set(path, route);
    }
    this.routes.set("/np/order/status", { kind: "status", answer: (b) => this.orderStatus(b) });
    this.routes.set("/np/service/status", { kind: "status", answer: (b) => this.serviceStatus(b) });
  }

  read(req: IncomingMessage, route: Route, _query: URLSearchParams, raw: string): Read {
    const body = parseObject(raw);
    if (req.headers["x-auth-token"] !== this.token) return { refusal: gtuError(401, "Unauthenticated."), body };
    if (!body) return { refusal: gtuError(422, "The request body must be valid JSON.", route.kind === "status") };
    return { body };
  }

  override reset(): void {
    super.reset();
    this.byId.clear();
  }

  /**
   * Validates and remembers `reference_no` (digits, never used before); throws a `ReplyError`. The
   * execute pages type it as a number (`asNumber`): there it must be one a JSON number holds exactly.
   */
  useReference(value: unknown, asNumber = false): string {
    if (absent(value)) throw gtuRefusal("The reference no field is required.");
    const reference = digits(value);
    if (reference === undefined) throw gtuRefusal("The reference no must contain digits only.");
    if (asNumber && String(Number(reference)) !== reference) {
      throw gtuRefusal("The reference no must be an integer below 9007199254740992.");
    }
    if (!this.claim(reference)) throw gtuRefusal("The reference no has already been taken.");
    return reference;
  }

  /** The unused session named by `session_id`, of this operator and connection; throws a `ReplyError`. */
  findSession(value: unknown, operatorId: number, connectionNo: string): GtuSession {
    if (absent(value)) throw gtuRefusal("The session id field is required.");
    const session = this.sessions.get(wholeNumber(value));
    if (!session) throw gtuRefusal("Invalid session id.");
    if (session.operatorId !== operatorId || session.connectionNo !== connectionNo) {
      throw gtuRefusal("The session does not belong to this operator and connection.");
    }
    if (session.usedBy) throw gtuRefusal("Session already used.");
    return session;
  }

  /** Accepts an execute (state per the outcome) and returns its answer. */
  accept(record: CommitRecord, session: GtuSession, outcome: Outcome, reference: string, amountPaisa: number): Reply {
    const tx = this.book.accept(record, session, outcome, { reference, id: this.nextId++, amountPaisa, chargedPaisa: 0 });
    this.byReference.set(reference, tx);
    this.byId.set(tx.id, tx);
    const message = tx.state === "Success" ? "Recharge successful." : tx.state === "Failed" ? "Recharge failed." : "Recharge is being processed.";
    return gtuAnswer(message, { status: statusWord(tx.state), transaction_id: tx.id, order_id: reference, amount: rupees(amountPaisa) });
  }

  private orderStatus(body: Json): Reply {
    const orderId = idText(body.order_id);
    if (!orderId) return gtuError(422, "The order id field is required.", true);
    return this.statusAnswer(this.byReference.get(orderId));
  }

  private serviceStatus(body: Json): Reply {
    if (absent(body.transaction_id)) return gtuError(422, "The transaction id field is required.", true);
    const id = wholeNumber(body.transaction_id);
    return this.statusAnswer(id === undefined ? undefined : this.byId.get(id));
  }

  private statusAnswer(tx: Transaction<GtuSession> | undefined): Reply {
    if (!tx) return gtuError(404, "Order not found", true);
    this.book.settleDue(tx);
    return gtuAnswer("Transaction status fetched successfully.", {
      status: statusWord(tx.state),
      transaction_id: String(tx.id),
      order_id: tx.reference,
      amount: rupees(tx.amountPaisa).toFixed(2),
      timestamp: timestamp(tx.createdAt),
      details: { connection_no: tx.session.connectionNo, operator: tx.session.operator },
      package_name: null,
    });
  }
}
