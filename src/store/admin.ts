/**
 * What admins' commands keep (store migration 006): users' first names as the bot last saw them,
 * credits waiting for their admin's confirmation, and warnings that repeat at most every so often.
 */
import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/index.js";
import type { Paisa } from "../shared/amount.js";

/** What a pending credit's id looks like (checked before it reaches SQL). */
export const CREDIT_ID = /^[A-Za-z0-9_-]{8,24}$/;

/** A /credit waiting for its admin's confirmation. */
export interface PendingCredit {
  id: string;
  adminId: number;
  userId: number;
  amountPaisa: Paisa;
  to: "wallet" | "float";
  note: string | null;
  state: "open" | "done" | "cancelled";
  /** Past its expiry (read at the moment of asking). */
  expired: boolean;
}

interface CreditRow {
  id: string;
  admin_id: number;
  user_id: number;
  amount_paisa: number;
  account_kind: "wallet" | "float";
  note: string | null;
  state: PendingCredit["state"];
  expired: boolean;
}

const toCredit = (r: CreditRow): PendingCredit => ({
  id: r.id,
  adminId: Number(r.admin_id),
  userId: Number(r.user_id),
  amountPaisa: Number(r.amount_paisa),
  to: r.account_kind,
  note: r.note,
  state: r.state,
  expired: r.expired,
});

/** A first name as stored: one line, at most 64 characters; `undefined` when nothing is left. */
function cleanName(name: string): string | undefined {
  const one = name.replace(/\s+/g, " ").trim().slice(0, 64).trim();
  return one.length > 0 ? one : undefined;
}

/** The admin store over `db`. */
export function createAdminStore(db: Queryable) {
  return {
    names: {
      /** Records a user's first name (written only when it is new or changed). */
      async remember(userId: number, firstName: string): Promise<void> {
        const name = cleanName(firstName);
        if (!name) return;
        await db.query(
          `INSERT INTO user_names (user_id, first_name) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET first_name = EXCLUDED.first_name, updated_at = now()
           WHERE user_names.first_name <> EXCLUDED.first_name`,
          [userId, name],
        );
      },
      /** A user's first name as the bot last saw it, or `undefined`. */
      async of(userId: number): Promise<string | undefined> {
        const r = await db.query<{ first_name: string }>("SELECT first_name FROM user_names WHERE user_id = $1", [userId]);
        return r.rows[0]?.first_name;
      },
      /** The known first names of several users. */
      async ofMany(userIds: number[]): Promise<Map<number, string>> {
        if (userIds.length === 0) return new Map();
        const r = await db.query<{ user_id: number; first_name: string }>(
          `SELECT user_id, first_name FROM user_names WHERE user_id IN (${userIds.map((_, i) => `$${i + 1}`).join(", ")})`,
          userIds,
        );
        return new Map(r.rows.map((row) => [Number(row.user_id), row.first_name]));
      },
    },

    credits: {
      /** Opens a credit for `adminId` to confirm within `ttlSeconds`; returns its id. */
      async open(c: { adminId: number; userId: number; amountPaisa: Paisa; to: "wallet" | "float"; note?: string; ttlSeconds: number }): Promise<string> {
        const id = randomBytes(9).toString("base64url");
        await db.query("DELETE FROM pending_credits WHERE created_at < now() - interval '30 days'");
        await db.query(
          `INSERT INTO pending_credits (id, admin_id, user_id, amount_paisa, account_kind, note, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
          [id, c.adminId, c.userId, c.amountPaisa, c.to, c.note ?? null, c.ttlSeconds],
        );
        return id;
      },
      /** The credit `id` if `adminId` opened it (anyone else's is `undefined`). */
      async get(id: string, adminId: number): Promise<PendingCredit | undefined> {
        if (!CREDIT_ID.test(id)) return undefined;
        const r = await db.query<CreditRow>(
          `SELECT id, admin_id, user_id, amount_paisa, account_kind, note, state, expires_at <= now() AS expired
             FROM pending_credits WHERE id = $1 AND admin_id = $2`,
          [id, adminId],
        );
        return r.rows[0] ? toCredit(r.rows[0]) : undefined;
      },
      /** Closes an open credit as done or cancelled; `false` when it was not open. */
      async close(id: string, adminId: number, state: "done" | "cancelled"): Promise<boolean> {
        const r = await db.query(
          "UPDATE pending_credits SET state = $3, decided_at = now() WHERE id = $1 AND admin_id = $2 AND state = 'open' RETURNING id",
          [id, adminId, state],
        );
        return r.rows.length === 1;
      },
    },

    alerts: {
      /**
       * Claims the right to send warning `key` now: true when it was not sent in the last
       * `everySeconds` (so one process, once, sends it).
       */
      async claim(key: string, everySeconds: number): Promise<boolean> {
        const r = await db.query(
          `INSERT INTO admin_alerts (key) VALUES ($1)
           ON CONFLICT (key) DO UPDATE SET sent_at = now() WHERE admin_alerts.sent_at < now() - make_interval(secs => $2)
           RETURNING key`,
          [key, everySeconds],
        );
        return r.rows.length === 1;
      },
      /** The condition behind warning `key` cleared: the next time it stands, it is sent at once. */
      async clear(key: string): Promise<void> {
        await db.query("DELETE FROM admin_alerts WHERE key = $1", [key]);
      },
    },
  };
}

/** The admin store's interface. */
export type AdminStore = ReturnType<typeof createAdminStore>;
