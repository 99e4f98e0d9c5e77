/**
 * Payments: one row per attempt, stored and marked `submitted` (with the money held) before the
 * aggregator's commit is called, and called at most once per intent. The intent's key is UNIQUE in
 * the database, so the same intent sent twice, concurrently or after a crash finds the same row.
 */
import type { Db, Queryable } from "../db/index.js";
import { balanceOf, userAccountId, type AccountKind } from "./ledger.js";
import type { Paisa } from "../shared/amount.js";
import type { Lookup, Outcome, Route } from "../providers/index.js";
import { redact } from "../shared/redact.js";

type PaymentState = "created" | "submitted" | "succeeded" | "failed" | "pending";

/** What a user asked to pay, fixed before they pressed Pay. */
export interface PaymentIntent {
  /** Idempotency key, made when the confirmation was shown (not when Pay was pressed). */
  key: string;
  payerUserId: number;
  /** Agents pay from their float; everyone else from their wallet. */
  from?: AccountKind;
  /** "self", or who an agent paid for. */
  beneficiary?: string;
  lookup: Lookup;
  optionKey: string;
}

/** A stored payment, as the rest of the program sees it. */
export interface Payment {
  id: number;
  reference: string;
  intentKey: string;
  payerUserId: number;
  payerAccountId: string;
  beneficiary: string;
  isp: string;
  account: string;
  connection: string | null;
  customerName: string | null;
  optionKey: string;
  optionLabel: string;
  amountPaisa: Paisa;
  breakdown: { kind: string; label: string; amountPaisa: number }[] | null;
  route: Route;
  state: PaymentState;
  upstreamId: string | null;
  upstreamMessage: string | null;
  unknownChecks: number;
  needsAdmin: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The payer's available balance does not cover the payment (nothing was stored). */
export class InsufficientFunds extends Error {
  constructor(
    readonly neededPaisa: Paisa,
    readonly availablePaisa: Paisa,
  ) {
    super(`not enough money: needs ${neededPaisa} paisa, ${availablePaisa} available`);
    this.name = "InsufficientFunds";
  }
}

/** The intent cannot be paid (not payable, unknown option, key used for another payment). */
export class PaymentRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaymentRefused";
  }
}

/**
 * The payer already has a payment for this line (ISP and account, or connection) that is submitted
 * or pending: its outcome is not known yet, so another one is not committed (nothing was stored).
 */
export class PaymentInFlight extends Error {
  constructor(readonly payment: Payment) {
    super(`a payment for ${payment.isp} ${payment.connection ?? payment.account} is still being checked (reference ${payment.reference}, ${payment.state}); nothing new was paid`);
    this.name = "PaymentInFlight";
  }
}

/**
 * An admin's resolution changed nothing: the payment is not pending (any more). Reconciliation may
 * have settled it between the admin's look and the resolution, which re-checks under its lock.
 */
export class NothingToResolve extends Error {
  constructor(readonly payment: Payment) {
    super(`payment ${payment.reference} is ${payment.state}, not pending: nothing changed`);
    this.name = "NothingToResolve";
  }
}

/** A `payments` row as the drivers return it (without `lookup`). */
export interface PaymentRow {
  id: number;
  reference: string;
  intent_key: string;
  payer_user_id: number;
  payer_account_id: string;
  beneficiary: string;
  isp: string;
  account: string;
  connection: string | null;
  customer_name: string | null;
  option_key: string;
  option_label: string;
  amount_paisa: number;
  breakdown: Payment["breakdown"];
  route: Route;
  state: PaymentState;
  upstream_id: string | null;
  upstream_message: string | null;
  unknown_checks: number;
  needs_admin: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * Every column a `Payment` is made of: not `lookup`, the whole upstream answer (all the options),
 * which is kept for the record, is costly to parse, and which commit takes from the intent.
 */
const PAYMENT_COLUMNS = [
  "id", "reference", "intent_key", "payer_user_id", "payer_account_id", "beneficiary", "isp", "account", "connection",
  "customer_name", "option_key", "option_label", "amount_paisa", "breakdown", "route", "state", "upstream_id",
  "upstream_message", "unknown_checks", "needs_admin", "created_at", "updated_at",
];
/** The columns of a `Payment`, prefixed with `alias.` when given. */
export const paymentColumns = (alias?: string) => PAYMENT_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(", ");
const COLS = paymentColumns();

/** A row to a `Payment`. */
export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    reference: r.reference,
    intentKey: r.intent_key,
    payerUserId: r.payer_user_id,
    payerAccountId: r.payer_account_id,
    beneficiary: r.beneficiary,
    isp: r.isp,
    account: r.account,
    connection: r.connection,
    customerName: r.customer_name,
    optionKey: r.option_key,
    optionLabel: r.option_label,
    amountPaisa: r.amount_paisa,
    breakdown: r.breakdown,
    route: r.route,
    state: r.state,
    upstreamId: r.upstream_id,
    upstreamMessage: r.upstream_message,
    unknownChecks: r.unknown_checks,
    needsAdmin: r.needs_admin,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** A payment by id or reference. */
export async function findPayment(q: Queryable, by: { id?: number; reference?: string }): Promise<Payment | undefined> {
  const r = by.id !== undefined
    ? await q.query<PaymentRow>(`SELECT ${COLS} FROM payments WHERE id = $1`, [by.id])
    : await q.query<PaymentRow>(`SELECT ${COLS} FROM payments WHERE reference = $1`, [by.reference]);
  return r.rows[0] ? toPayment(r.rows[0]) : undefined;
}

/** Adds a step to a payment's history (state changes themselves are recorded by the SQL that makes them). */
export async function recordEvent(
  q: Queryable,
  e: { paymentId: number; from: PaymentState | null; to: PaymentState; cause: string; actor: string; message?: string; raw?: unknown },
): Promise<void> {
  await q.query(
    `INSERT INTO payment_events (payment_id, from_state, to_state, cause, actor, message, raw) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.paymentId, e.from, e.to, e.cause, e.actor, e.message ?? null, e.raw === undefined ? null : JSON.stringify(redact(e.raw))],
  );
}

type Reservation =
  | { kind: "new"; payment: Payment; lookup: Lookup }
  | { kind: "existing"; payment: Payment };

/**
 * Stores the payment, `submitted`, with its amount held and a fresh reference (SQL
 * `reserve_payment`, migration 007: one round trip, atomic). Returns the existing payment instead
 * when the intent was seen before. Throws, with nothing stored: `InsufficientFunds` when the payer's
 * available balance is short; `PaymentInFlight` when a payment of the same payer for the same line
 * (ISP and account, or connection) is still submitted or pending, whatever its option.
 */
export async function reserve(db: Db, intent: PaymentIntent): Promise<Reservation> {
  const { lookup } = intent;
  if (lookup.notPayable) throw new PaymentRefused(lookup.notPayable.message);
  const option = lookup.options.find((o) => o.key === intent.optionKey);
  if (!option) throw new PaymentRefused(`no option "${intent.optionKey}" in this lookup`);
  const payerAccountId = userAccountId(intent.payerUserId, intent.from ?? "wallet");
  const r = await db.query<PaymentRow & { outcome: "new" | "existing" | "in-flight" | "short" }>(
    `SELECT r.outcome, ${paymentColumns("(r.payment)")}
       FROM reserve_payment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) r`,
    [
      intent.key,
      intent.payerUserId,
      payerAccountId,
      intent.beneficiary ?? "self",
      lookup.isp,
      lookup.account,
      lookup.connection ?? null,
      lookup.customer.name ?? null,
      option.key,
      option.label,
      option.amountPaisa,
      option.breakdown ? JSON.stringify(option.breakdown) : null,
      JSON.stringify(lookup.route),
      JSON.stringify(lookup),
      `user:${intent.payerUserId}`,
    ],
  );
  const row = r.rows[0]!;
  switch (row.outcome) {
    case "new":
      return { kind: "new", payment: toPayment(row), lookup };
    case "existing": {
      const p = toPayment(row);
      if (p.payerUserId !== intent.payerUserId || p.optionKey !== option.key || p.amountPaisa !== option.amountPaisa) {
        throw new PaymentRefused("this confirmation was already used for a different payment");
      }
      return { kind: "existing", payment: p };
    }
    case "in-flight":
      throw new PaymentInFlight(toPayment(row));
    case "short": {
      const { availablePaisa } = await balanceOf(db, payerAccountId);
      throw new InsufficientFunds(option.amountPaisa, availablePaisa);
    }
  }
}

/** What applying an outcome did. */
export interface Applied {
  payment: Payment;
  /** True when this call moved the payment to a new state. */
  changed: boolean;
  from: PaymentState;
  /** The receipt the settlement issued (this call moved the payment to succeeded). */
  issued?: { number: number; issuedAt: Date };
}

interface ApplyOptions {
  actor: string;
  cause: string;
  /** When a pending answer comes back: when to ask again. */
  retryAfterSeconds: number;
  /** After this many unknown answers, a pending payment is flagged for an admin. */
  maxUnknownChecks: number;
}

/**
 * Applies an aggregator's outcome to a payment that is `submitted` or `pending`: settle the hold
 * into aggregator clearing, release it, or keep it held. A payment already resolved is left as it
 * is (a late or repeated answer changes nothing).
 */
export async function applyOutcome(db: Db, paymentId: number, outcome: Pick<Outcome, "state" | "upstreamId" | "message" | "raw" | "cause">, opts: ApplyOptions): Promise<Applied> {
  // One round trip: `apply_payment_outcome` (migration 004) locks, moves, settles and issues the
  // receipt in order, atomically.
  const raw = outcome.raw === undefined ? null : JSON.stringify(redact(outcome.raw));
  const r = await db.query<PaymentRow & { from_state: PaymentState; changed: boolean; receipt_number: number | null; receipt_issued_at: Date | null }>(
    `SELECT r.from_state, r.changed, r.receipt_number, r.receipt_issued_at, ${paymentColumns("(r.payment)")}
       FROM apply_payment_outcome($1, $2, $3, $4, $5, $6, $7, $8, $9) r`,
    [paymentId, outcome.state, outcome.upstreamId ?? null, outcome.message, `${opts.cause}:${outcome.cause}`, opts.actor, raw, opts.retryAfterSeconds, opts.maxUnknownChecks],
  );
  const row = r.rows[0]!;
  return {
    payment: toPayment(row),
    changed: row.changed,
    from: row.from_state,
    ...(row.receipt_number !== null && row.receipt_issued_at !== null ? { issued: { number: Number(row.receipt_number), issuedAt: row.receipt_issued_at } } : {}),
  };
}

/**
 * After a restart: payments left `submitted` for longer than a commit can take have an unknown
 * outcome. They become `pending` (never committed again) for the status lookup to resolve.
 */
export async function recoverSubmitted(db: Db, olderThanSeconds: number, firstCheckInSeconds: number): Promise<number[]> {
  return db.transaction(async (tx) => {
    const stale = await tx.query<{ id: number }>(
      `SELECT id FROM payments WHERE state = 'submitted' AND updated_at < now() - make_interval(secs => $1)
        ORDER BY id FOR UPDATE SKIP LOCKED`,
      [olderThanSeconds],
    );
    for (const { id } of stale.rows) {
      await tx.query(
        "UPDATE payments SET state = 'pending', next_check_at = now() + make_interval(secs => $2), upstream_message = $3 WHERE id = $1",
        [id, firstCheckInSeconds, "outcome unknown after a restart"],
      );
      await recordEvent(tx, { paymentId: id, from: "submitted", to: "pending", cause: "recovery:no-outcome-recorded", actor: "system" });
    }
    return stale.rows.map((r) => r.id);
  });
}

/** A payer's payments, newest first. */
export async function paymentsOf(q: Queryable, payerUserId: number, limit: number, offset: number): Promise<Payment[]> {
  const r = await q.query<PaymentRow>(
    `SELECT ${COLS} FROM payments WHERE payer_user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [payerUserId, limit, offset],
  );
  return r.rows.map(toPayment);
}

/** One step of a payment's history. */
export interface PaymentEvent {
  from: PaymentState | null;
  to: PaymentState;
  cause: string;
  actor: string;
  message: string | null;
  raw: unknown;
  at: string;
}

/** A payment's history, oldest first. */
export async function eventsOf(q: Queryable, paymentId: number): Promise<PaymentEvent[]> {
  const r = await q.query<{ from_state: PaymentState | null; to_state: PaymentState; cause: string; actor: string; message: string | null; raw: unknown; at: Date }>(
    "SELECT from_state, to_state, cause, actor, message, raw, at FROM payment_events WHERE payment_id = $1 ORDER BY id",
    [paymentId],
  );
  return r.rows.map((e) => ({ from: e.from_state, to: e.to_state, cause: e.cause, actor: e.actor, message: e.message, raw: e.raw, at: new Date(e.at).toISOString() }));
}

