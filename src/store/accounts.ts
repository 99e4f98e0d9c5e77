/** Accounts a user saved under a name, to renew them in two taps. */
import type { Queryable } from "../db/index.js";

/** An account a user saved under a name. */
export interface SavedAccount {
  id: number;
  userId: number;
  name: string;
  isp: string;
  account: string;
  connection: string | null;
}

interface Row {
  id: number;
  user_id: number;
  name: string;
  isp: string;
  account: string;
  connection: string | null;
}

const toSaved = (r: Row): SavedAccount => ({ id: r.id, userId: r.user_id, name: r.name, isp: r.isp, account: r.account, connection: r.connection });

/** A name as typed: trimmed, 1-40 characters, no line breaks. */
export function normalizeName(input: string): string | undefined {
  const name = input.replace(/\s+/g, " ").trim();
  return name.length >= 1 && name.length <= 40 ? name : undefined;
}

/** Saved accounts over `db`. */
export function createAccountStore(db: Queryable) {
  return {
    async list(userId: number): Promise<SavedAccount[]> {
      const r = await db.query<Row>("SELECT * FROM saved_accounts WHERE user_id = $1 ORDER BY last_used_at DESC NULLS LAST, id", [userId]);
      return r.rows.map(toSaved);
    },
    /**
     * The providers to offer first: those of the user's saved accounts (most recently used first),
     * then the `recent` they last renewed; in one query, each provider once.
     */
    async favouriteIsps(userId: number, recent = 3): Promise<string[]> {
      const r = await db.query<{ isp: string }>(
        `SELECT isp FROM (
           SELECT isp, 0 AS src, row_number() OVER (ORDER BY last_used_at DESC NULLS LAST, id) AS n
             FROM saved_accounts WHERE user_id = $1
           UNION ALL
           (SELECT isp, 1, row_number() OVER (ORDER BY MAX(updated_at) DESC)
              FROM renewal_drafts WHERE user_id = $1 AND state = 'done' GROUP BY isp ORDER BY MAX(updated_at) DESC LIMIT $2)
         ) f ORDER BY src, n`,
        [userId, recent],
      );
      return [...new Set(r.rows.map((x) => x.isp))];
    },
    async get(id: number, userId: number): Promise<SavedAccount | undefined> {
      const r = await db.query<Row>("SELECT * FROM saved_accounts WHERE id = $1 AND user_id = $2", [id, userId]);
      return r.rows[0] ? toSaved(r.rows[0]) : undefined;
    },
    async find(userId: number, isp: string, account: string, connection: string | null): Promise<SavedAccount | undefined> {
      const r = await db.query<Row>(
        "SELECT * FROM saved_accounts WHERE user_id = $1 AND isp = $2 AND account = $3 AND COALESCE(connection, '') = COALESCE($4, '')",
        [userId, isp, account, connection],
      );
      return r.rows[0] ? toSaved(r.rows[0]) : undefined;
    },
    /** Saves an account; `name-taken` when the user already uses the name, `exists` when saved already. */
    async save(a: Omit<SavedAccount, "id">): Promise<SavedAccount | "name-taken" | "exists"> {
      if (await this.find(a.userId, a.isp, a.account, a.connection)) return "exists";
      const r = await db.query<Row>(
        `INSERT INTO saved_accounts (user_id, name, isp, account, connection) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, name) DO NOTHING RETURNING *`,
        [a.userId, a.name, a.isp, a.account, a.connection],
      );
      return r.rows[0] ? toSaved(r.rows[0]) : "name-taken";
    },
    async rename(id: number, userId: number, name: string): Promise<"ok" | "name-taken" | "missing"> {
      const clash = await db.query("SELECT 1 FROM saved_accounts WHERE user_id = $1 AND name = $2 AND id <> $3", [userId, name, id]);
      if (clash.rows.length > 0) return "name-taken";
      const r = await db.query("UPDATE saved_accounts SET name = $3 WHERE id = $1 AND user_id = $2 RETURNING id", [id, userId, name]);
      return r.rows.length === 1 ? "ok" : "missing";
    },
    async remove(id: number, userId: number): Promise<boolean> {
      const r = await db.query("DELETE FROM saved_accounts WHERE id = $1 AND user_id = $2 RETURNING id", [id, userId]);
      return r.rows.length === 1;
    },
    async touch(id: number): Promise<void> {
      await db.query("UPDATE saved_accounts SET last_used_at = now() WHERE id = $1", [id]);
    },
  };
}

/** The saved-accounts store. */
export type AccountStore = ReturnType<typeof createAccountStore>;
