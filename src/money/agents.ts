/**
 * Agents' money: paying for a customer from the agent's float within the agent's limits, moving
 * float money to a customer's wallet (cash-in), commission rates per ISP and their reversal, the
 * day's use of the limits and the agent's statement. The SQL functions of migration 008 do the
 * counting and the posting atomically; every journal entry still goes through `post_entry`.
 */
import { nepalDay } from "../shared/nepal-time.js";
import type { Db, Queryable } from "../db/index.js";
import { assertPaisa, type Paisa } from "../shared/amount.js";
import type { Receipt } from "./receipt.js";
import { balanceOf, type Balance, post, userAccountId } from "./ledger.js";
import { InsufficientFunds, type Payment, type PaymentIntent, paymentColumns, PaymentRefused, type PaymentRow, toPayment } from "./payments.js";

/** Where commissions are paid from (may go negative, like every source). */
export const SOURCE_AGENT_COMMISSIONS = "source:agent-commissions";

/** The limits an agent works within (all amounts in paisa). */
export interface AgentLimits {
  /** Largest cash-in. */
  cashInMaxPaisa: Paisa;
  /** Cash-ins into one customer's wallet per Nepal day, from all agents together. */
  cashInDayPaisa: Paisa;
  /** Largest payment for a customer. */
  payMaxPaisa: Paisa;
  /** An agent's payments for customers per Nepal day (failed ones do not count). */
  payDayPaisa: Paisa;
}

/** Which limit refused a cash-in or a payment. */
export type LimitName = "cashin-transaction" | "cashin-day" | "pay-transaction" | "pay-day";

/** A cash-in or a payment for a customer would pass a limit; nothing was moved or stored. */
export class LimitExceeded extends Error {
  constructor(
    readonly limit: LimitName,
    readonly limitPaisa: Paisa,
    /** What the day had used before this one (0 for a per-transaction limit). */
    readonly usedPaisa: Paisa,
    readonly amountPaisa: Paisa,
  ) {
    super(`${limit} limit of ${limitPaisa} paisa: ${amountPaisa} asked, ${usedPaisa} used already`);
    this.name = "LimitExceeded";
  }
}

/** Who an agent pays for, as recorded with the payment. */
export interface CustomerRef {
  /** How receipts and statements name the customer (1-120 characters). */
  label: string;
  phone?: string;
  /** A shared contact's Telegram user id: only where the receipt goes. */
  userId?: number;
  /** The agent's saved customer it came from. */
  savedId?: number;
}

/** A commission rate: basis points (1% = 100) of an ISP. */
export interface CommissionRate {
  isp: string;
  rateBp: number;
  setBy: string;
  setAt: string;
}

/** floor(amount × rate / 10000): the commission on a payment, in whole paisa. */
export function commissionOf(amountPaisa: Paisa, rateBp: number): Paisa {
  return Math.floor((amountPaisa * rateBp) / 10_000);
}

/** What a cash-in did. */
export interface CashInResult {
  /** "repeated": this confirmation was used before; nothing more moved. */
  state: "done" | "repeated";
  entryId?: number;
  float: Balance;
  wallet: Balance;
}

/** One payment for a customer in a statement. */
export interface StatementPayment {
  payment: Payment;
  customerLabel: string | null;
  customerPhone: string | null;
  commissionBp: number | null;
  /** Commission credited for it (0 when none yet). */
  commissionPaisa: Paisa;
}

/** One float movement in a statement (payments' settlements are their own rows). */
export interface StatementMove {
  entryId: number;
  kind: string;
  /** Into (+) or out of (-) the float. */
  amountPaisa: number;
  memo: string | null;
  actor: string;
  /** The other side: a customer's wallet for a cash-in. */
  counterpart: string | null;
  /** The payment it belongs to (commissions, reversals). */
  reference: string | null;
  at: string;
}

/** An agent's statement for [from, to). */
export interface AgentStatement {
  from: string;
  to: string;
  payments: StatementPayment[];
  moves: StatementMove[];
  openingPaisa: number;
  closingPaisa: number;
}

/** What the money core's `pay` answers. */
interface Paid {
  payment: Payment;
  replayed: boolean;
  receipt?: Receipt;
}

interface Deps {
  db: Db;
  /** The money core's `pay` (record, commit once, apply the answer). */
  pay: (intent: PaymentIntent) => Promise<Paid>;
}

/** Agents' money over `deps.db`. */
export function createAgentMoney(deps: Deps) {
  const { db } = deps;

  async function rateOf(q: Queryable, isp: string): Promise<number> {
    const r = await q.query<{ rate_bp: number }>("SELECT rate_bp FROM commission_rates WHERE isp = $1 ORDER BY id DESC LIMIT 1", [isp]);
    return r.rows[0]?.rate_bp ?? 0;
  }

  return {
    /** The commission rate of an ISP in basis points (0 when none was set). */
    commissionRate: (isp: string): Promise<number> => rateOf(db, isp),

    /** Every ISP's current rate that was ever set (0 included), by ISP. */
    async commissionRates(): Promise<CommissionRate[]> {
      const r = await db.query<{ isp: string; rate_bp: number; set_by: string; set_at: Date }>(
        "SELECT DISTINCT ON (isp) isp, rate_bp, set_by, set_at FROM commission_rates ORDER BY isp, id DESC",
      );
      return r.rows.map((x) => ({ isp: x.isp, rateBp: x.rate_bp, setBy: x.set_by, setAt: new Date(x.set_at).toISOString() }));
    },

    /** An admin sets an ISP's rate (0-10000 basis points); recorded with their id. Returns the rate before. */
    async setCommissionRate(args: { isp: string; rateBp: number; adminId: number | string }): Promise<number> {
      if (!Number.isInteger(args.rateBp) || args.rateBp < 0 || args.rateBp > 10_000) throw new RangeError(`not a rate: ${args.rateBp}`);
      return db.transaction(async (tx) => {
        const before = await rateOf(tx, args.isp);
        await tx.query("INSERT INTO commission_rates (isp, rate_bp, set_by) VALUES ($1, $2, $3)", [args.isp, args.rateBp, `admin:${args.adminId}`]);
        return before;
      });
    },

    /**
     * Pays for a customer from the agent's float: the payment is claimed against the agent's limits
     * (and its commission rate fixed) first, then paid as any other (`pay`), with the customer as its
     * beneficiary. Throws `LimitExceeded` with nothing stored; when the payment is refused before it
     * is stored (`InsufficientFunds`, `PaymentRefused`, ...), the claim is given back.
     */
    async payForCustomer(args: {
      intent: Omit<PaymentIntent, "from" | "beneficiary">;
      customer: CustomerRef;
      limits: Pick<AgentLimits, "payMaxPaisa" | "payDayPaisa">;
      at?: Date;
    }): Promise<Paid & { commissionBp: number }> {
      const { intent, customer, limits } = args;
      const option = intent.lookup.options.find((o) => o.key === intent.optionKey);
      if (!option) throw new PaymentRefused(`no option "${intent.optionKey}" in this lookup`);
      const label = customer.label.trim().slice(0, 120) || intent.lookup.account;
      const day = nepalDay(args.at);
      const r = await db.query<{ outcome: "claimed" | "existing" | "over-transaction" | "over-day"; used_paisa: number; commission_bp: number }>(
        "SELECT * FROM claim_agent_payment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        [
          intent.key,
          intent.payerUserId,
          intent.lookup.isp,
          option.amountPaisa,
          label,
          customer.phone ?? null,
          customer.userId ?? null,
          customer.savedId ?? null,
          limits.payMaxPaisa,
          limits.payDayPaisa,
          day.start.toISOString(),
          day.end.toISOString(),
        ],
      );
      const claim = r.rows[0]!;
      if (claim.outcome === "over-transaction") throw new LimitExceeded("pay-transaction", limits.payMaxPaisa, 0, option.amountPaisa);
      if (claim.outcome === "over-day") throw new LimitExceeded("pay-day", limits.payDayPaisa, claim.used_paisa, option.amountPaisa);
      try {
        const paid = await deps.pay({ ...intent, from: "float", beneficiary: label });
        return { ...paid, commissionBp: claim.commission_bp };
      } catch (err) {
        // Refused before anything was stored (short float, a payment for the line in flight, ...):
        // the claim no longer counts. A payment stored under the key keeps its claim.
        await db
          .query("DELETE FROM agent_payments a WHERE a.intent_key = $1 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.intent_key = a.intent_key)", [intent.key])
          .catch(() => {});
        throw err;
      }
    },

    /**
     * Moves money from an agent's float to a customer's wallet: one `cashin` entry, once per
     * `externalId` (the confirmation). Throws `LimitExceeded`, `InsufficientFunds` (the float is
     * short) or `RangeError` (to oneself, or not a positive amount), with nothing moved.
     */
    async cashIn(args: {
      agentUserId: number;
      customerUserId: number;
      amountPaisa: Paisa;
      externalId: string;
      limits: Pick<AgentLimits, "cashInMaxPaisa" | "cashInDayPaisa">;
      memo?: string;
      at?: Date;
    }): Promise<CashInResult> {
      assertPaisa(args.amountPaisa);
      if (args.amountPaisa === 0) throw new RangeError("a cash-in must be more than zero");
      const floatId = userAccountId(args.agentUserId, "float");
      const walletId = userAccountId(args.customerUserId);
      const day = nepalDay(args.at);
      const r = await db.query<{ outcome: "done" | "repeated" | "self" | "over-transaction" | "over-day" | "short"; entry_id: number | null; used_paisa: number }>(
        "SELECT * FROM agent_cashin($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [
          args.agentUserId,
          args.customerUserId,
          args.amountPaisa,
          args.limits.cashInMaxPaisa,
          args.limits.cashInDayPaisa,
          day.start.toISOString(),
          day.end.toISOString(),
          args.externalId,
          `agent:${args.agentUserId}`,
          args.memo ?? `cash-in to ${args.customerUserId}`,
        ],
      );
      const row = r.rows[0]!;
      switch (row.outcome) {
        case "self":
          throw new RangeError("an agent cannot cash in to their own wallet");
        case "over-transaction":
          throw new LimitExceeded("cashin-transaction", args.limits.cashInMaxPaisa, 0, args.amountPaisa);
        case "over-day":
          throw new LimitExceeded("cashin-day", args.limits.cashInDayPaisa, row.used_paisa, args.amountPaisa);
        case "short":
          throw new InsufficientFunds(args.amountPaisa, (await balanceOf(db, floatId)).availablePaisa);
      }
      const [float, wallet] = await Promise.all([balanceOf(db, floatId), balanceOf(db, walletId)]);
      return { state: row.outcome, ...(row.entry_id !== null ? { entryId: Number(row.entry_id) } : {}), float, wallet };
    },

    /** What an agent has used of the day's limits: payments for customers (not failed), and cash-ins made. */
    async dayUse(agentUserId: number, at?: Date): Promise<{ payPaisa: Paisa; cashInPaisa: Paisa }> {
      const day = nepalDay(at);
      const r = await db.query<{ pay: number; cashin: number }>(
        `SELECT (SELECT COALESCE(SUM(ap.amount_paisa), 0) FROM agent_payments ap LEFT JOIN payments p ON p.intent_key = ap.intent_key
                  WHERE ap.agent_user_id = $1 AND ap.created_at >= $2 AND ap.created_at < $3 AND p.state IS DISTINCT FROM 'failed') AS pay,
                (SELECT COALESCE(-SUM(l.amount_paisa), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                  WHERE l.account_id = $4 AND e.kind = 'cashin' AND e.created_at >= $2 AND e.created_at < $3) AS cashin`,
        [agentUserId, day.start.toISOString(), day.end.toISOString(), userAccountId(agentUserId, "float")],
      );
      return { payPaisa: r.rows[0]!.pay, cashInPaisa: r.rows[0]!.cashin };
    },

    /** The commission credited for a payment (0 when none, or not yet). */
    async commissionFor(paymentId: number): Promise<Paisa> {
      const r = await db.query<{ amount: number }>(
        `SELECT COALESCE(SUM(l.amount_paisa), 0) AS amount FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
          WHERE e.kind = 'commission' AND e.external_id = $1 AND l.account_id LIKE 'float:%'`,
        [`payment:${paymentId}`],
      );
      return r.rows[0]?.amount ?? 0;
    },

    /**
     * Succeeded payments made in the last `days` for the customer whose Telegram id is `userId`
     * (from a shared contact), oldest first, at most 20.
     */
    async paidFor(userId: number, days = 30): Promise<number[]> {
      const r = await db.query<{ id: number }>(
        `SELECT p.id FROM agent_payments a JOIN payments p ON p.intent_key = a.intent_key
          WHERE a.customer_user_id = $1 AND a.created_at > now() - make_interval(days => $2) AND p.state = 'succeeded'
          ORDER BY p.id LIMIT 20`,
        [userId, days],
      );
      return r.rows.map((x) => x.id);
    },

    /**
     * Takes back the commission credited for a payment (a `reversal` entry from the float to the
     * commissions source), with the admin's id and a reason; once per payment. Throws when there is
     * no commission to reverse, no reason, or the float cannot cover it.
     */
    async reverseCommission(args: { paymentId: number; adminId: number | string; reason: string }): Promise<{ entryId: number; amountPaisa: Paisa }> {
      const reason = args.reason.trim();
      if (!reason) throw new RangeError("a reversal needs a reason");
      const r = await db.query<{ account_id: string; amount_paisa: number; reference: string }>(
        `SELECT l.account_id, l.amount_paisa, p.reference FROM journal_entries e
           JOIN journal_lines l ON l.entry_id = e.id AND l.account_id LIKE 'float:%'
           JOIN payments p ON p.id = e.payment_id
          WHERE e.kind = 'commission' AND e.external_id = $1`,
        [`payment:${args.paymentId}`],
      );
      const credited = r.rows[0];
      if (!credited) throw new Error(`payment ${args.paymentId} has no commission to reverse`);
      const entryId = await post(db, {
        kind: "reversal",
        actor: `admin:${args.adminId}`,
        paymentId: args.paymentId,
        externalId: `commission:payment:${args.paymentId}`,
        memo: `commission of ${credited.reference} reversed: ${reason}`.slice(0, 300),
        lines: [
          { accountId: SOURCE_AGENT_COMMISSIONS, amountPaisa: credited.amount_paisa },
          { accountId: credited.account_id, amountPaisa: -credited.amount_paisa },
        ],
      });
      if (entryId === undefined) throw new Error(`the commission of payment ${args.paymentId} was reversed before`);
      return { entryId, amountPaisa: credited.amount_paisa };
    },

    /** An agent's payments and float movements in [from, to), with the float before and after. */
    async statement(agentUserId: number, range: { from: Date; to: Date }): Promise<AgentStatement> {
      const floatId = userAccountId(agentUserId, "float");
      const from = range.from.toISOString();
      const to = range.to.toISOString();
      const payments = await db.query<PaymentRow & { customer_label: string | null; customer_phone: string | null; commission_bp: number | null; commission_paisa: number }>(
        `SELECT ${paymentColumns("p")}, a.customer_label, a.customer_phone, a.commission_bp,
                COALESCE((SELECT SUM(l.amount_paisa) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                           WHERE e.kind = 'commission' AND e.external_id = 'payment:' || p.id AND l.account_id = p.payer_account_id), 0) AS commission_paisa
           FROM payments p LEFT JOIN agent_payments a ON a.intent_key = p.intent_key
          WHERE p.payer_account_id = $1 AND p.created_at >= $2 AND p.created_at < $3
          ORDER BY p.id`,
        [floatId, from, to],
      );
      const moves = await db.query<{ entry_id: number; kind: string; amount_paisa: number; memo: string | null; actor: string; counterpart: string | null; reference: string | null; created_at: Date }>(
        `SELECT e.id AS entry_id, e.kind, l.amount_paisa, e.memo, e.actor, e.created_at, pp.reference,
                (SELECT string_agg(o.account_id, ' ') FROM journal_lines o WHERE o.entry_id = e.id AND o.account_id <> l.account_id) AS counterpart
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN payments pp ON pp.id = e.payment_id
          WHERE l.account_id = $1 AND e.kind <> 'settle' AND e.created_at >= $2 AND e.created_at < $3
          ORDER BY e.id`,
        [floatId, from, to],
      );
      const balances = await db.query<{ opening: number; closing: number }>(
        `SELECT COALESCE(SUM(l.amount_paisa) FILTER (WHERE e.created_at < $2), 0) AS opening,
                COALESCE(SUM(l.amount_paisa) FILTER (WHERE e.created_at < $3), 0) AS closing
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.account_id = $1`,
        [floatId, from, to],
      );
      return {
        from,
        to,
        payments: payments.rows.map((x) => ({
          payment: toPayment(x),
          customerLabel: x.customer_label,
          customerPhone: x.customer_phone,
          commissionBp: x.commission_bp,
          commissionPaisa: x.commission_paisa,
        })),
        moves: moves.rows.map((m) => ({
          entryId: Number(m.entry_id),
          kind: m.kind,
          amountPaisa: m.amount_paisa,
          memo: m.memo,
          actor: m.actor,
          counterpart: m.counterpart,
          reference: m.reference,
          at: new Date(m.created_at).toISOString(),
        })),
        openingPaisa: balances.rows[0]!.opening,
        closingPaisa: balances.rows[0]!.closing,
      };
    },
  };
}

/** Agents' money (see `createAgentMoney`). */
export type AgentMoney = ReturnType<typeof createAgentMoney>;
