/**
 * The money core as the bot and the CLI use it: wallets, payments (exactly once), reconciliation of
 * pending payments, receipts and the audit. No grammY in here: the bot listens to `onResolved`.
 */
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";
import type { Db, Migrations } from "../db/index.js";
import { figures, type Figures, findPayments, floatVolume, type PaymentPage, unsettledPayments } from "./admin.js";
import { createAgentMoney } from "./agents.js";
import { audit, type AuditResult } from "./audit.js";
import {
  type AccountKind,
  type Balance,
  balanceOf,
  type Movement,
  movements,
  post,
  SOURCE_ADMIN_GRANTS,
  SOURCE_TOPUPS,
  userAccountId,
} from "./ledger.js";
import {
  type Applied,
  applyOutcome,
  eventsOf,
  findPayment,
  NothingToResolve,
  type Payment,
  type PaymentEvent,
  type PaymentIntent,
  paymentsOf,
  recordEvent,
  recoverSubmitted,
  reserve,
} from "./payments.js";
import { type Receipt, receiptFor, receiptOf } from "./receipt.js";
import { type AggregatorId, InvalidRequest, type Outcome, type Upstream } from "../providers/index.js";
import { assertPaisa, type Paisa } from "../shared/amount.js";
import { redact, scrubText, secretValues } from "../shared/redact.js";

export { InsufficientFunds, NothingToResolve, PaymentInFlight, PaymentRefused } from "./payments.js";
export type { Payment } from "./payments.js";
export type { Receipt } from "./receipt.js";
export type { Balance, Movement } from "./ledger.js";
export type { Figures, IspFigures, PaymentPage } from "./admin.js";
export { type AgentLimits, type AgentMoney, type AgentStatement, commissionOf, type CustomerRef, LimitExceeded, type LimitName } from "./agents.js";

/** The money tables and functions (ledger, payments, receipts); their ids in `schema_migrations` are bare file names. */
export const MONEY_MIGRATIONS: Migrations = { dir: fileURLToPath(new URL("./migrations/", import.meta.url)), prefix: "" };

interface MoneyOptions {
  db: Db;
  /**
   * Money reaches aggregators only through the providers interface: commit and status, and `isp`
   * for the ISP's name on a receipt (its id when the catalogue no longer serves it).
   */
  upstream: Pick<Upstream, "commit" | "status" | "isp">;
  /** First status lookup of a pending payment (Khalti asks for at least 300 s). */
  reconcileDelaySeconds: number;
  /** Unknown answers before a pending payment is flagged for an admin. Default 8. */
  maxUnknownChecks?: number;
  /** A `submitted` payment older than this has an unknown outcome (default commit timeout + 60 s). */
  staleSubmittedSeconds: number;
  /**
   * Every configured secret (tokens, passwords: `configuredSecrets`): cut out, by value, of the
   * aggregators' answers and messages before they are stored, wherever an answer echoes one.
   */
  secrets?: readonly string[];
}

interface PayResult {
  payment: Payment;
  /** The aggregator's answer when this call committed; undefined when the intent was seen before. */
  outcome?: Outcome;
  /** True when the intent had been paid (or was being paid) before this call. */
  replayed: boolean;
  /** The receipt, when this call's commit succeeded (no second read needed to show it). */
  receipt?: Receipt;
}

/** A pending payment that became succeeded or failed: the payer should be told. */
export interface Resolution {
  payment: Payment;
  /** Who resolved it: "reconcile" or "admin:<id>". */
  by: string;
}

interface ReconcileResult {
  checked: number;
  settled: number;
  released: number;
  stillPending: number;
  flagged: number;
  recovered: number;
}

/** What a hint (`checkNow`) did. */
export type CheckNowResult =
  /** No payment with this reference through this aggregator. */
  | { result: "unknown" }
  /** Not waiting for a status lookup (not pending, or flagged for an admin), or checked moments ago. */
  | { result: "skipped"; state: string }
  /** Asked: the aggregator's answer and the payment's state after it. */
  | { result: "checked"; outcome: Outcome["state"]; state: string };

/** The least time between two hinted status lookups of one payment. */
const HINT_SPACING_MS = 10_000;

interface ReportRow {
  reference: string;
  ours: string;
  theirs: string;
  amountPaisa: Paisa;
}

interface Report {
  from: string;
  to: string;
  ours: Record<string, { count: number; sumPaisa: Paisa }>;
  theirs: Record<string, { count: number; sumPaisa: Paisa }>;
  mismatches: ReportRow[];
}

/** What an admin's "check now" did to one payment. */
export interface Checked {
  payment: Payment;
  /** The aggregator's answer; undefined when the payment was no longer waiting for one. */
  outcome?: Outcome;
  /** True when this check moved the payment (settled, failed, or flagged state changed). */
  changed: boolean;
}

/** The money service (see `createMoney`). */
export type Money = ReturnType<typeof createMoney>;

/** The two lines of money into `to` from `source`; a credit is more than zero paisa. */
function credit(to: string, source: string, amountPaisa: Paisa) {
  assertPaisa(amountPaisa);
  if (amountPaisa === 0) throw new RangeError("a credit must be more than zero");
  return [
    { accountId: to, amountPaisa },
    { accountId: source, amountPaisa: -amountPaisa },
  ];
}

/** The money core over `opts.db`, paying through `opts.upstream`. */
export function createMoney(opts: MoneyOptions) {
  const { db, upstream } = opts;
  const maxUnknownChecks = opts.maxUnknownChecks ?? 8;
  const events = new EventEmitter();
  const ispName = (id: string) => upstream.isp(id)?.name ?? id;
  const hidden = secretValues(opts.secrets ?? []);
  /** The outcome as it may be stored: every configured secret cut out of its answer and message. */
  const scrubbed = (o: Outcome): Outcome => ({
    ...o,
    message: scrubText(o.message, hidden),
    ...(o.upstreamId === undefined ? {} : { upstreamId: scrubText(o.upstreamId, hidden) }),
    ...(o.raw === undefined ? {} : { raw: redact(o.raw, hidden) }),
  });
  /** What the status lookup says of a payment (a thrown error is an unknown answer). */
  const statusOf = async (p: { route: Payment["route"]; reference: string }): Promise<Outcome> =>
    scrubbed(await upstream.status(p.route, p.reference).catch((err: Error): Outcome => ({ state: "pending", cause: "network", message: err.message })));
  /** When each payment was last checked on a hint (set before asking, so a check in flight counts). */
  const hinted = new Map<string, number>();
  const applyOpts = (actor: string, cause: string) => ({
    actor,
    cause,
    retryAfterSeconds: opts.reconcileDelaySeconds,
    maxUnknownChecks,
  });

  function announce(applied: Applied, by: string): void {
    if (applied.changed && applied.from === "pending" && applied.payment.state !== "pending") {
      events.emit("resolved", { payment: applied.payment, by } satisfies Resolution);
    }
  }

  /** One status lookup for a payment and its answer applied (reconciliation's step for one payment). */
  async function check(p: Pick<Payment, "id" | "reference" | "route">, actor: string, cause: string, by: string): Promise<{ applied: Applied; outcome: Outcome }> {
    const outcome = await statusOf(p);
    const applied = await applyOutcome(db, p.id, outcome, applyOpts(actor, cause));
    announce(applied, by);
    return { applied, outcome };
  }

  const money = {
    /** Subscribes to resolutions of pending payments (reconciliation or an admin). */
    onResolved(listener: (r: Resolution) => void): () => void {
      events.on("resolved", listener);
      return () => events.off("resolved", listener);
    },

    balance(userId: number, kind: AccountKind = "wallet"): Promise<Balance> {
      return balanceOf(db, userAccountId(userId, kind));
    },

    movements(userId: number, limit = 10, kind: AccountKind = "wallet"): Promise<Movement[]> {
      return movements(db, userAccountId(userId, kind), limit);
    },

    /**
     * An admin funds a wallet (entry kind `grant`) or an agent's float (kind `float`), recorded with
     * the admin's id. With `externalId` the grant is made once: a second call with the same id
     * credits nothing (`credited` false).
     */
    async grant(args: { userId: number; amountPaisa: Paisa; adminId: number | string; note?: string; to?: AccountKind; externalId?: string }) {
      const to = args.to ?? "wallet";
      const entryId = await post(db, {
        kind: to === "float" ? "float" : "grant",
        actor: `admin:${args.adminId}`,
        memo: args.note,
        externalId: args.externalId,
        lines: credit(userAccountId(args.userId, to), SOURCE_ADMIN_GRANTS, args.amountPaisa),
      });
      return { entryId, credited: entryId !== undefined, balance: await this.balance(args.userId, to) };
    },

    /** A top-up paid elsewhere (Telegram Payments): credited once per `externalId`. */
    async topUp(args: { userId: number; amountPaisa: Paisa; externalId: string; memo?: string }) {
      const entryId = await post(db, {
        kind: "topup",
        actor: `user:${args.userId}`,
        memo: args.memo,
        externalId: args.externalId,
        lines: credit(userAccountId(args.userId), SOURCE_TOPUPS, args.amountPaisa),
      });
      return { credited: entryId !== undefined };
    },

    /**
     * Pays an intent: store and hold, commit once, apply the answer. The same intent again returns
     * the same payment without a second commit. Throws `InsufficientFunds`, `PaymentRefused` or
     * `PaymentInFlight` (the payer has a payment for this line still submitted or pending) before
     * anything is stored or sent.
     */
    async pay(intent: PaymentIntent): Promise<PayResult> {
      const reservation = await reserve(db, intent);
      if (reservation.kind === "existing") return { payment: reservation.payment, replayed: true };
      const { payment, lookup } = reservation;
      let outcome: Outcome;
      try {
        outcome = await upstream.commit(lookup, payment.optionKey, payment.reference);
      } catch (err) {
        // `InvalidRequest` is thrown before anything is sent: nothing was paid. Any other error may
        // have come after the request left, so the outcome is unknown.
        outcome =
          err instanceof InvalidRequest
            ? { state: "failed", cause: "answer", message: `not sent: ${err.message}` }
            : { state: "pending", cause: "network", message: `outcome unknown: ${(err as Error)?.message ?? String(err)}` };
      }
      outcome = scrubbed(outcome);
      const applied = await applyOutcome(db, payment.id, outcome, applyOpts(`user:${intent.payerUserId}`, "commit"));
      const receipt = applied.issued ? receiptOf(applied.payment, applied.issued.number, applied.issued.issuedAt, ispName(applied.payment.isp)) : undefined;
      return { payment: applied.payment, outcome, replayed: false, receipt };
    },

    payment: (by: { id?: number; reference?: string }) => findPayment(db, by),
    history: (userId: number, limit = 10, offset = 0) => paymentsOf(db, userId, limit, offset),
    events: (paymentId: number): Promise<PaymentEvent[]> => eventsOf(db, paymentId),
    receipt: (paymentId: number): Promise<Receipt | undefined> => receiptFor(db, paymentId, ispName),
    audit: (): Promise<AuditResult> => audit(db),

    /** Submitted payments whose commit cannot still be running become pending. */
    recover(): Promise<number[]> {
      return recoverSubmitted(db, opts.staleSubmittedSeconds, opts.reconcileDelaySeconds);
    },

    /**
     * One pass: recover stale submitted payments, then ask the status lookup for each pending payment
     * that is due (or every pending one with `all`), and settle, release or reschedule it.
     */
    async reconcile(pass: { all?: boolean; limit?: number } = {}): Promise<ReconcileResult> {
      const recovered = (await this.recover()).length;
      const due = await db.query<{ id: number; reference: string; route: Payment["route"] }>(
        `SELECT id, reference, route FROM payments
          WHERE state = 'pending' AND NOT needs_admin AND ($1 OR next_check_at <= now())
          ORDER BY next_check_at, id LIMIT $2`,
        [pass.all ?? false, pass.limit ?? 200],
      );
      const result: ReconcileResult = { checked: 0, settled: 0, released: 0, stillPending: 0, flagged: 0, recovered };
      for (const p of due.rows) {
        const { applied } = await check(p, "system", "reconcile", "reconcile");
        result.checked += 1;
        if (applied.payment.state === "succeeded") result.settled += 1;
        else if (applied.payment.state === "failed") result.released += 1;
        else {
          result.stillPending += 1;
          if (applied.payment.needsAdmin) result.flagged += 1;
        }
      }
      return result;
    },

    /**
     * A hint that a payment may have settled (Khalti's delivery report, which is not signed): asks
     * the status lookup about that one payment now, as reconciliation would, and applies a clear
     * answer (success settles, failure releases). The hint itself decides nothing. An unclear answer
     * changes nothing: it is not counted towards flagging and the next scheduled check stays, so
     * forged hints cannot push a payment to an admin. Only pending payments not flagged for an admin
     * are asked about, one payment at most once per 10 s; with `aggregator`, only its payments.
     */
    async checkNow(reference: string, aggregator?: AggregatorId): Promise<CheckNowResult> {
      const p = await findPayment(db, { reference });
      if (!p || (aggregator && p.route.aggregator !== aggregator)) return { result: "unknown" };
      const now = Date.now();
      const last = hinted.get(reference);
      if (p.state !== "pending" || p.needsAdmin || (last !== undefined && now - last < HINT_SPACING_MS)) {
        return { result: "skipped", state: p.state };
      }
      hinted.set(reference, now);
      if (hinted.size > 1000) for (const [ref, at] of hinted) if (now - at >= HINT_SPACING_MS) hinted.delete(ref);
      const outcome = await statusOf(p);
      if (outcome.state === "pending") return { result: "checked", outcome: "pending", state: p.state };
      const applied = await applyOutcome(db, p.id, outcome, applyOpts("system", "hint"));
      announce(applied, "reconcile");
      return { result: "checked", outcome: outcome.state, state: applied.payment.state };
    },

    /**
     * An admin's "check now": one status lookup for one payment whose outcome is unknown (pending,
     * flagged or not; a stale `submitted` one becomes pending first, as reconciliation does), its
     * answer applied as reconciliation applies it and recorded with the admin's id. A payment that
     * is not waiting for an answer is returned as it is. An unclear answer is recorded too.
     */
    async checkPayment(args: { reference: string; adminId: number | string }): Promise<Checked> {
      await this.recover();
      const p = await findPayment(db, { reference: args.reference });
      if (!p) throw new Error(`no payment with reference ${args.reference}`);
      if (p.state !== "pending") return { payment: p, changed: false };
      const actor = `admin:${args.adminId}`;
      const { applied, outcome } = await check(p, actor, "admin-check", actor);
      const flagged = applied.payment.needsAdmin !== p.needsAdmin;
      // An unclear answer writes history only when it reaches the flagging count (the SQL records
      // the flag then): below it, the admin's check is recorded here.
      if (applied.payment.state === "pending" && applied.payment.unknownChecks < maxUnknownChecks) {
        await recordEvent(db, { paymentId: p.id, from: "pending", to: "pending", cause: `admin-check:${outcome.cause}`, actor, message: outcome.message, raw: outcome.raw });
      }
      return { payment: applied.payment, outcome, changed: applied.changed || flagged };
    },

    /** Payments whose outcome is unknown or flagged (pending, or submitted too long), oldest first. */
    unsettled: (limit = 10): Promise<PaymentPage> => unsettledPayments(db, opts.staleSubmittedSeconds, limit),
    /** Payments by reference, account or connection, or payer id; newest first. */
    find: (query: string, limit = 5): Promise<PaymentPage> => findPayments(db, query, limit),
    /** Payments per ISP made in [from, to), pending now, wallet and float totals. */
    figures: (range: { from: Date; to: Date }): Promise<Figures> => figures(db, range, opts.staleSubmittedSeconds),
    /** Agents' succeeded payments from their float since `since`, per agent. */
    floatVolume: (since: Date) => floatVolume(db, since),

    /** Payments waiting for an admin (flagged after too many unknown answers), oldest first. */
    async awaitingAdmin(): Promise<Payment[]> {
      const r = await db.query<{ id: number }>("SELECT id FROM payments WHERE state = 'pending' AND needs_admin ORDER BY id");
      return Promise.all(r.rows.map(async ({ id }) => (await findPayment(db, { id }))!));
    },

    /**
     * An admin settles a pending payment by hand: success (with the aggregator's transaction id)
     * or failure (the hold is released: a refund). Recorded with the admin's id. The state is
     * checked again under the payment's lock (`apply_payment_outcome`): when reconciliation settled
     * it meanwhile, nothing changes and `NothingToResolve` is thrown, as for any payment that is not
     * pending.
     */
    async resolve(args: { reference: string; adminId: number | string; outcome: "success" | "failed"; upstreamId?: string; note?: string }): Promise<Payment> {
      const p = await findPayment(db, { reference: args.reference });
      if (!p) throw new Error(`no payment with reference ${args.reference}`);
      if (p.state !== "pending") throw new NothingToResolve(p);
      if (args.outcome === "success" && !args.upstreamId) throw new Error("a success needs the aggregator's transaction id");
      const message = args.note ?? (args.outcome === "success" ? "confirmed by an admin" : "refunded by an admin");
      const applied = await applyOutcome(
        db,
        p.id,
        { state: args.outcome, upstreamId: args.upstreamId, message, cause: "answer" },
        applyOpts(`admin:${args.adminId}`, "admin"),
      );
      // A pending payment never goes back to submitted: `from` is pending or already resolved.
      if (!applied.changed) throw new NothingToResolve(applied.payment);
      announce(applied, `admin:${args.adminId}`);
      return applied.payment;
    },

    /** Payments resolved from pending whose payer has not been told yet (survives restarts). */
    async unnotified(): Promise<Payment[]> {
      const r = await db.query<{ id: number }>(
        `SELECT p.id FROM payments p WHERE p.notified_at IS NULL AND p.state IN ('succeeded', 'failed')
            AND EXISTS (SELECT 1 FROM payment_events e WHERE e.payment_id = p.id AND e.from_state = 'pending')
          ORDER BY p.id`,
      );
      return Promise.all(r.rows.map(async ({ id }) => (await findPayment(db, { id }))!));
    },

    /** Claims the job of telling the payer; only one caller gets true. */
    async markNotified(paymentId: number): Promise<boolean> {
      const r = await db.query("UPDATE payments SET notified_at = now() WHERE id = $1 AND notified_at IS NULL RETURNING id", [paymentId]);
      return r.rows.length === 1;
    },

    /** Gives a claimed notification back (sending it failed), for a later attempt. */
    async unmarkNotified(paymentId: number): Promise<void> {
      await db.query("UPDATE payments SET notified_at = NULL WHERE id = $1", [paymentId]);
    },

    /**
     * Compares our books with what the aggregators say for payments made in [from, to): counts and
     * sums per state on each side, and every payment where they disagree.
     */
    async report(range: { from: Date; to: Date }): Promise<Report> {
      const r = await db.query<{ reference: string; state: string; amount_paisa: number; route: Payment["route"] }>(
        `SELECT reference, state, amount_paisa, route FROM payments
          WHERE created_at >= $1 AND created_at < $2 AND state <> 'created' ORDER BY id`,
        [range.from.toISOString(), range.to.toISOString()],
      );
      const ours: Report["ours"] = {};
      const theirs: Report["theirs"] = {};
      const add = (m: Report["ours"], k: string, amount: number) => {
        m[k] ??= { count: 0, sumPaisa: 0 };
        m[k].count += 1;
        m[k].sumPaisa += amount;
      };
      const mismatches: ReportRow[] = [];
      const expected: Record<string, string> = { succeeded: "success", failed: "failed", pending: "pending", submitted: "pending" };
      for (const p of r.rows) {
        const o = await upstream.status(p.route, p.reference).catch((): Outcome => ({ state: "pending", cause: "network", message: "" }));
        add(ours, p.state, p.amount_paisa);
        add(theirs, o.state, p.amount_paisa);
        if (expected[p.state] !== o.state) mismatches.push({ reference: p.reference, ours: p.state, theirs: o.upstreamState ?? o.state, amountPaisa: p.amount_paisa });
      }
      return { from: range.from.toISOString(), to: range.to.toISOString(), ours, theirs, mismatches };
    },
  };
  /** Agents' money: payments for customers from a float, cash-ins, commissions, statements. */
  const agents = createAgentMoney({ db, pay: (intent) => money.pay(intent) });
  return { ...money, agents };
}
