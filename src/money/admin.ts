/**
 * What admins read of the money: payments whose outcome is unknown, a search, the figures of a
 * period, wallet and float totals, and agents' volume. Read-only: nothing here writes.
 */
import type { Queryable } from "../db/index.js";
import type { Paisa } from "../shared/amount.js";
import { type Payment, paymentColumns, type PaymentRow, toPayment } from "./payments.js";

/** Some payments, and how many matched in all. */
export interface PaymentPage {
  total: number;
  payments: Payment[];
}

const COLS = paymentColumns();

/**
 * Payments whose outcome is unknown or flagged: pending (flagged for an admin or not) and those left
 * `submitted` longer than a commit can take (`staleSeconds`). Oldest first, at most `limit`.
 */
export async function unsettledPayments(q: Queryable, staleSeconds: number, limit: number): Promise<PaymentPage> {
  const r = await q.query<PaymentRow & { total: number }>(
    `SELECT ${COLS}, count(*) OVER () AS total FROM payments
      WHERE state = 'pending' OR (state = 'submitted' AND updated_at < now() - make_interval(secs => $1))
      ORDER BY id LIMIT $2`,
    [staleSeconds, limit],
  );
  return { total: r.rows[0]?.total ?? 0, payments: r.rows.map(toPayment) };
}

/**
 * Payments found by reference, account or connection (any case), or by payer when `query` is a
 * user id. Newest first, at most `limit`.
 */
export async function findPayments(q: Queryable, query: string, limit: number): Promise<PaymentPage> {
  const userId = /^\d{1,15}$/.test(query) ? Number(query) : null;
  const r = await q.query<PaymentRow & { total: number }>(
    `SELECT ${COLS}, count(*) OVER () AS total FROM payments
      WHERE state <> 'created'
        AND (reference = $1 OR lower(account) = lower($1) OR lower(connection) = lower($1) OR payer_user_id = $2::bigint)
      ORDER BY id DESC LIMIT $3`,
    [query, userId, limit],
  );
  return { total: r.rows[0]?.total ?? 0, payments: r.rows.map(toPayment) };
}

/** One ISP's payments in a period. */
export interface IspFigures {
  isp: string;
  count: number;
  succeeded: number;
  failed: number;
  /** Pending or submitted (outcome not known yet). */
  open: number;
  /** What succeeded payments moved. */
  volumePaisa: Paisa;
}

/** The figures of a period, and the state now. */
export interface Figures {
  byIsp: IspFigures[];
  /** Payments pending now (any period), of which flagged for an admin. */
  pendingNow: number;
  flaggedNow: number;
  /** Everything users hold: wallets and agents' floats (balance, of which held for payments in flight). */
  wallets: { balancePaisa: Paisa; heldPaisa: Paisa };
  floats: { balancePaisa: Paisa; heldPaisa: Paisa };
}

/** Payments made in [from, to) per ISP, pending payments now, and wallet and float totals. */
export async function figures(q: Queryable, range: { from: Date; to: Date }, staleSeconds: number): Promise<Figures> {
  const [byIsp, pending, totals] = await Promise.all([
    q.query<{ isp: string; count: number; succeeded: number; failed: number; open: number; volume_paisa: number }>(
      `SELECT isp, count(*) AS count,
              count(*) FILTER (WHERE state = 'succeeded') AS succeeded,
              count(*) FILTER (WHERE state = 'failed') AS failed,
              count(*) FILTER (WHERE state IN ('pending', 'submitted')) AS open,
              COALESCE(sum(amount_paisa) FILTER (WHERE state = 'succeeded'), 0) AS volume_paisa
         FROM payments WHERE created_at >= $1 AND created_at < $2 AND state <> 'created'
        GROUP BY isp ORDER BY volume_paisa DESC, count DESC, isp`,
      [range.from.toISOString(), range.to.toISOString()],
    ),
    q.query<{ pending: number; flagged: number }>(
      `SELECT count(*) AS pending, count(*) FILTER (WHERE needs_admin AND state = 'pending') AS flagged FROM payments
        WHERE state = 'pending' OR (state = 'submitted' AND updated_at < now() - make_interval(secs => $1))`,
      [staleSeconds],
    ),
    q.query<{ kind: "wallet" | "float"; balance_paisa: number; held_paisa: number }>(
      `SELECT kind, COALESCE(sum(balance_paisa), 0) AS balance_paisa, COALESCE(sum(held_paisa), 0) AS held_paisa
         FROM accounts WHERE kind IN ('wallet', 'float') GROUP BY kind`,
    ),
  ]);
  const total = (kind: "wallet" | "float") => {
    const row = totals.rows.find((t) => t.kind === kind);
    return { balancePaisa: row?.balance_paisa ?? 0, heldPaisa: row?.held_paisa ?? 0 };
  };
  return {
    byIsp: byIsp.rows.map((r) => ({ isp: r.isp, count: r.count, succeeded: r.succeeded, failed: r.failed, open: r.open, volumePaisa: r.volume_paisa })),
    pendingNow: pending.rows[0]?.pending ?? 0,
    flaggedNow: pending.rows[0]?.flagged ?? 0,
    wallets: total("wallet"),
    floats: total("float"),
  };
}

/** Agents' payments for customers (paid from a float) that succeeded, made since `since`: per agent. */
export async function floatVolume(q: Queryable, since: Date): Promise<Map<number, { count: number; volumePaisa: Paisa }>> {
  const r = await q.query<{ payer_user_id: number; count: number; volume_paisa: number }>(
    `SELECT payer_user_id, count(*) AS count, sum(amount_paisa) AS volume_paisa FROM payments
      WHERE payer_account_id LIKE 'float:%' AND state = 'succeeded' AND created_at >= $1
      GROUP BY payer_user_id`,
    [since.toISOString()],
  );
  return new Map(r.rows.map((row) => [Number(row.payer_user_id), { count: row.count, volumePaisa: row.volume_paisa }]));
}
