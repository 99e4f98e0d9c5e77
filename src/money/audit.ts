/**
 * The books checked against themselves: every entry sums to zero, balances and held amounts match
 * their lines and holds, nobody is below zero, every hold matches its payment's state, and every
 * succeeded payment was settled exactly once.
 */
import type { Queryable } from "../db/index.js";

/** The audit's verdict: ok, or every problem found. */
export interface AuditResult {
  ok: boolean;
  problems: string[];
}

/** Checks the books (see the module comment); read-only. */
export async function audit(q: Queryable): Promise<AuditResult> {
  const problems: string[] = [];
  const check = async (sql: string, describe: (row: Record<string, unknown>) => string) => {
    const r = await q.query<Record<string, unknown>>(sql);
    for (const row of r.rows) problems.push(describe(row));
  };
  await check(
    "SELECT entry_id, SUM(amount_paisa) AS total FROM journal_lines GROUP BY entry_id HAVING SUM(amount_paisa) <> 0",
    (r) => `journal entry ${r.entry_id} sums to ${r.total}, not 0`,
  );
  // Wallets and floats keep their balance in their row; clearing and source accounts are their lines.
  await check(
    `SELECT COALESCE(SUM(b), 0) AS total FROM (
       SELECT balance_paisa AS b FROM accounts WHERE NOT allow_negative
       UNION ALL
       SELECT l.amount_paisa FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE a.allow_negative) t
     HAVING COALESCE(SUM(b), 0) <> 0`,
    (r) => `all balances sum to ${r.total}, not 0`,
  );
  await check(
    `SELECT a.id, a.balance_paisa, COALESCE(SUM(l.amount_paisa), 0) AS lines FROM accounts a
       LEFT JOIN journal_lines l ON l.account_id = a.id WHERE NOT a.allow_negative GROUP BY a.id, a.balance_paisa
      HAVING a.balance_paisa <> COALESCE(SUM(l.amount_paisa), 0)`,
    (r) => `account ${r.id} balance ${r.balance_paisa} differs from its lines ${r.lines}`,
  );
  await check(
    "SELECT id, balance_paisa FROM accounts WHERE allow_negative AND balance_paisa <> 0",
    (r) => `account ${r.id} keeps a balance of ${r.balance_paisa} in its row; its lines are its balance`,
  );
  await check(
    `SELECT a.id, a.held_paisa, COALESCE(SUM(h.amount_paisa), 0) AS open FROM accounts a
       LEFT JOIN holds h ON h.account_id = a.id AND h.state = 'open' GROUP BY a.id, a.held_paisa
      HAVING a.held_paisa <> COALESCE(SUM(h.amount_paisa), 0)`,
    (r) => `account ${r.id} holds ${r.held_paisa} but its open holds total ${r.open}`,
  );
  await check(
    "SELECT id, balance_paisa, held_paisa FROM accounts WHERE NOT allow_negative AND balance_paisa - held_paisa < 0",
    (r) => `account ${r.id} is below zero (balance ${r.balance_paisa}, held ${r.held_paisa})`,
  );
  await check(
    `SELECT p.reference, p.state, h.state AS hold FROM payments p LEFT JOIN holds h ON h.payment_id = p.id
      WHERE NOT (
           (p.state IN ('submitted', 'pending') AND h.state = 'open')
        OR (p.state = 'succeeded' AND h.state = 'settled')
        OR (p.state = 'failed' AND (h.state = 'released' OR h.state IS NULL))
        OR (p.state = 'created' AND h.state IS NULL))`,
    (r) => `payment ${r.reference} is ${r.state} but its hold is ${r.hold ?? "missing"}`,
  );
  await check(
    `SELECT p.reference, p.state, COUNT(e.id) AS settles FROM payments p
       LEFT JOIN journal_entries e ON e.payment_id = p.id AND e.kind = 'settle'
      GROUP BY p.id, p.reference, p.state
     HAVING (p.state = 'succeeded' AND COUNT(e.id) <> 1) OR (p.state <> 'succeeded' AND COUNT(e.id) <> 0)`,
    (r) => `payment ${r.reference} (${r.state}) has ${r.settles} settle entries`,
  );
  await check(
    `SELECT p.reference, p.amount_paisa, SUM(l.amount_paisa) AS settled FROM payments p
       JOIN journal_entries e ON e.payment_id = p.id AND e.kind = 'settle'
       JOIN journal_lines l ON l.entry_id = e.id AND l.account_id = p.payer_account_id
      GROUP BY p.id, p.reference, p.amount_paisa HAVING SUM(l.amount_paisa) <> -p.amount_paisa`,
    (r) => `payment ${r.reference} of ${r.amount_paisa} settled ${r.settled} from its payer`,
  );
  // An agent's commission is credited only for a payment that succeeded, and only to its payer's float.
  await check(
    `SELECT p.reference, p.state, l.account_id FROM journal_entries e JOIN payments p ON p.id = e.payment_id
       JOIN journal_lines l ON l.entry_id = e.id AND l.amount_paisa > 0
      WHERE e.kind = 'commission' AND (p.state <> 'succeeded' OR l.account_id <> p.payer_account_id)`,
    (r) => `payment ${r.reference} (${r.state}) has a commission credited to ${r.account_id}`,
  );
  return { ok: problems.length === 0, problems };
}
