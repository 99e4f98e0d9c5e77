/**
 * Accounts and the double-entry journal. Wallets' and floats' balances and held amounts are kept in
 * their rows by database triggers; clearing and source accounts (which every payment or top-up
 * touches) have theirs computed from their lines, so concurrent payments do not queue on one row.
 * This module only inserts entries (whose lines must sum to zero) and reads.
 */
import { assertPaisa, type Paisa } from "./amount.js";
import type { Queryable } from "./db.js";
import type { AggregatorId } from "../providers/types.js";

export type AccountKind = "wallet" | "float";

/** A user's spendable account: their wallet, or an agent's float. */
export function userAccountId(userId: number, kind: AccountKind = "wallet"): string {
  if (!Number.isSafeInteger(userId)) throw new RangeError(`not a user id: ${userId}`);
  return `${kind}:${userId}`;
}
export const clearingAccountId = (aggregator: AggregatorId) => `clearing:${aggregator}`;
export const SOURCE_ADMIN_GRANTS = "source:admin-grants";
export const SOURCE_TOPUPS = "source:topups";

/** Creates the account when missing. Sources and clearing accounts may go negative; users' may not. */
export async function ensureAccount(q: Queryable, id: string): Promise<void> {
  const [kind, owner] = id.split(":");
  const userOwned = kind === "wallet" || kind === "float";
  await q.query(
    `INSERT INTO accounts (id, kind, owner_user_id, allow_negative) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING`,
    [id, kind, userOwned ? Number(owner) : null, !userOwned],
  );
}

export interface EntryLine {
  accountId: string;
  amountPaisa: number;
}

export interface NewEntry {
  kind: "grant" | "topup" | "settle" | "adjust";
  actor: string;
  memo?: string;
  paymentId?: number;
  /** Makes the entry once-only (e.g. a Telegram charge id). */
  externalId?: string;
  lines: EntryLine[];
}

/**
 * Inserts a journal entry. Returns its id, or `undefined` when an entry of this kind with this
 * `externalId` already exists (a repeated top-up). The database refuses an unbalanced entry.
 */
export async function postEntry(q: Queryable, entry: NewEntry): Promise<number | undefined> {
  for (const line of entry.lines) {
    if (!Number.isSafeInteger(line.amountPaisa) || line.amountPaisa === 0) throw new RangeError("bad line amount");
    await ensureAccount(q, line.accountId);
  }
  const inserted = await q.query<{ id: number }>(
    `INSERT INTO journal_entries (kind, payment_id, external_id, actor, memo) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, external_id) DO NOTHING RETURNING id`,
    [entry.kind, entry.paymentId ?? null, entry.externalId ?? null, entry.actor, entry.memo ?? null],
  );
  const id = inserted.rows[0]?.id;
  if (id === undefined) return undefined;
  // Lines that take money out first would trip the overdraft check before the credit lands;
  // credits first keeps every intermediate state valid.
  const ordered = [...entry.lines].sort((a, b) => b.amountPaisa - a.amountPaisa);
  for (const line of ordered) {
    await q.query("INSERT INTO journal_lines (entry_id, account_id, amount_paisa) VALUES ($1, $2, $3)", [
      id,
      line.accountId,
      line.amountPaisa,
    ]);
  }
  return id;
}

export interface Balance {
  balancePaisa: Paisa;
  heldPaisa: Paisa;
  availablePaisa: Paisa;
}

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

/** Money into a user's account from a funding source (admin grant or top-up). */
export async function credit(
  q: Queryable,
  args: { accountId: string; amountPaisa: number; source: string; kind: "grant" | "topup"; actor: string; memo?: string; externalId?: string },
): Promise<number | undefined> {
  assertPaisa(args.amountPaisa);
  if (args.amountPaisa === 0) throw new RangeError("a credit must be more than zero");
  return postEntry(q, {
    kind: args.kind,
    actor: args.actor,
    memo: args.memo,
    externalId: args.externalId,
    lines: [
      { accountId: args.accountId, amountPaisa: args.amountPaisa },
      { accountId: args.source, amountPaisa: -args.amountPaisa },
    ],
  });
}

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
