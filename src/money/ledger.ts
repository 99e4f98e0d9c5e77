/**
 * Accounts and the double-entry journal. Wallets' and floats' balances and held amounts are kept in
 * their rows by database triggers; clearing and source accounts (which every payment or top-up
 * touches) have theirs computed from their lines, so concurrent payments do not queue on one row.
 * Entries are written only by `post` (the SQL function `post_entry`); the rest of this module reads.
 */
import type { Paisa } from "../shared/amount.js";
import type { Queryable } from "../db/index.js";

/** The accounts users spend from: a wallet, or an agent's float. */
export type AccountKind = "wallet" | "float";

/** A user's spendable account: their wallet, or an agent's float. */
export function userAccountId(userId: number, kind: AccountKind = "wallet"): string {
  if (!Number.isSafeInteger(userId)) throw new RangeError(`not a user id: ${userId}`);
  return `${kind}:${userId}`;
}
/** Where admins' grants come from (may go negative). */
export const SOURCE_ADMIN_GRANTS = "source:admin-grants";
/** Where top-ups paid through Telegram come from (may go negative). */
export const SOURCE_TOPUPS = "source:topups";

/** A line of a journal entry: money into (positive) or out of (negative) an account. */
interface EntryLine {
  accountId: string;
  amountPaisa: number;
}

/** What a journal entry records (see `post`). */
type EntryKind = "grant" | "topup" | "settle" | "adjust" | "float" | "cashin" | "commission" | "reversal";

/** A journal entry to post. */
export interface NewEntry {
  kind: EntryKind;
  actor: string;
  memo?: string;
  paymentId?: number;
  /** Makes the entry once-only per kind (e.g. a Telegram charge id). */
  externalId?: string;
  lines: EntryLine[];
}

/**
 * Posts a journal entry: the one way money moves between accounts (settlements take the same path
 * inside `apply_payment_outcome`). One round trip to the SQL function `post_entry` (migration 005),
 * which makes missing accounts, refuses lines that are not whole non-zero paisa or do not sum to
 * zero, and writes credits before debits. Returns the entry's id, or `undefined` when an entry of
 * this kind with this `externalId` exists already (a repeated top-up). A debit that would take a
 * wallet or float below zero fails, and nothing is posted.
 */
export async function post(q: Queryable, entry: NewEntry): Promise<number | undefined> {
  const r = await q.query<{ id: number | null }>(
    "SELECT post_entry($1::text, $2::bigint, $3::text, $4::text, $5::text, $6::jsonb) AS id",
    [
      entry.kind,
      entry.paymentId ?? null,
      entry.externalId ?? null,
      entry.actor,
      entry.memo ?? null,
      JSON.stringify(entry.lines.map((l) => ({ account_id: l.accountId, amount_paisa: l.amountPaisa }))),
    ],
  );
  return r.rows[0]?.id ?? undefined;
}

/** An account's money: its balance, what is held of it for payments in flight, and the rest. */
export interface Balance {
  balancePaisa: Paisa;
  heldPaisa: Paisa;
  availablePaisa: Paisa;
}

/** The balance of an account (zeros when it does not exist yet). */
export async function balanceOf(q: Queryable, accountId: string): Promise<Balance> {
  const r = await q.query<{ balance_paisa: number; held_paisa: number }>(
    `SELECT CASE WHEN a.allow_negative
                 THEN (SELECT COALESCE(SUM(l.amount_paisa), 0) FROM journal_lines l WHERE l.account_id = a.id)
                 ELSE a.balance_paisa END AS balance_paisa,
            a.held_paisa
       FROM accounts a WHERE a.id = $1`,
    [accountId],
  );
  const row = r.rows[0] ?? { balance_paisa: 0, held_paisa: 0 };
  return { balancePaisa: row.balance_paisa, heldPaisa: row.held_paisa, availablePaisa: row.balance_paisa - row.held_paisa };
}

/** One line of an account's history: an entry's amount for that account. */
export interface Movement {
  entryId: number;
  kind: string;
  amountPaisa: number;
  memo: string | null;
  reference: string | null;
  at: string;
}

/** The latest movements of an account, newest first. */
export async function movements(q: Queryable, accountId: string, limit = 10): Promise<Movement[]> {
  const r = await q.query<{ entry_id: number; kind: string; amount_paisa: number; memo: string | null; reference: string | null; created_at: Date }>(
    `SELECT l.entry_id, e.kind, l.amount_paisa, e.memo, p.reference, e.created_at
       FROM journal_lines l
       JOIN journal_entries e ON e.id = l.entry_id
       LEFT JOIN payments p ON p.id = e.payment_id
      WHERE l.account_id = $1
      ORDER BY l.id DESC
      LIMIT $2`,
    [accountId, limit],
  );
  return r.rows.map((row) => ({
    entryId: row.entry_id,
    kind: row.kind,
    amountPaisa: row.amount_paisa,
    memo: row.memo,
    reference: row.reference,
    at: new Date(row.created_at).toISOString(),
  }));
}
