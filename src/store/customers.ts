/**
 * The agents' side of the store (not money): each agent's saved customers (an address book with
 * search), the confirmations agents and admins are shown (a cash-in, a commission rate; buttons
 * carry only their random id), and which customers were handed the receipt of a payment made for
 * them.
 */
import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/index.js";

/** A customer an agent saved. */
export interface AgentCustomer {
  id: number;
  agentUserId: number;
  name: string;
  isp: string;
  account: string;
  connection: string | null;
  phone: string | null;
  /** A shared contact's Telegram user id: where receipts go. */
  contactUserId: number | null;
}

interface CustomerRow {
  id: number;
  agent_user_id: number;
  name: string;
  isp: string;
  account: string;
  connection: string | null;
  phone: string | null;
  contact_user_id: number | null;
}

const toCustomer = (r: CustomerRow): AgentCustomer => ({
  id: Number(r.id),
  agentUserId: Number(r.agent_user_id),
  name: r.name,
  isp: r.isp,
  account: r.account,
  connection: r.connection,
  phone: r.phone,
  contactUserId: r.contact_user_id === null ? null : Number(r.contact_user_id),
});

/** A customer's name as kept: one line, 1-60 characters (longer names are cut). */
export function customerName(input: string): string | undefined {
  const name = input.replace(/\s+/g, " ").trim().slice(0, 60).trim();
  return name.length > 0 ? name : undefined;
}

/**
 * A phone number as typed or shared: a Nepali mobile number (98XXXXXXXX, with or without +977) is
 * kept as its 10 digits; another number as 7-15 digits with its "+". `undefined` when it is neither.
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.replace(/[\s\-().]/g, "");
  const mobile = /^(?:\+?977)?(9[678]\d{8})$/.exec(compact);
  if (mobile) return mobile[1];
  return /^\+?\d{7,15}$/.test(compact) ? compact : undefined;
}

/** A confirmation's id as it comes back in a button (checked before it reaches SQL). */
export const CONFIRMATION_ID = /^[A-Za-z0-9_-]{8,24}$/;

/** What a confirmation is for. */
export type ConfirmationKind = "cashin" | "commission";

/** How many saved customers a page of the address book shows. */
export const CUSTOMER_PAGE_SIZE = 8;

/** `%` and `_` typed by a user match themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The agents' store over `db`. */
export function createCustomerStore(db: Queryable) {
  return {
    /** A page of an agent's saved customers (recently used first) and how many there are. */
    async list(agentUserId: number, page: number): Promise<{ customers: AgentCustomer[]; total: number }> {
      const [rows, count] = await Promise.all([
        db.query<CustomerRow>(
          "SELECT * FROM agent_customers WHERE agent_user_id = $1 ORDER BY last_used_at DESC NULLS LAST, id DESC LIMIT $2 OFFSET $3",
          [agentUserId, CUSTOMER_PAGE_SIZE, page * CUSTOMER_PAGE_SIZE],
        ),
        db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM agent_customers WHERE agent_user_id = $1", [agentUserId]),
      ]);
      return { customers: rows.rows.map(toCustomer), total: Number(count.rows[0]!.n) };
    },

    /** An agent's saved customers whose name, account, connection or phone contains `text` (at most 20). */
    async search(agentUserId: number, text: string): Promise<AgentCustomer[]> {
      const r = await db.query<CustomerRow>(
        `SELECT * FROM agent_customers
          WHERE agent_user_id = $1 AND (name ILIKE $2 OR account ILIKE $2 OR connection ILIKE $2 OR phone LIKE $2)
          ORDER BY last_used_at DESC NULLS LAST, id DESC LIMIT 20`,
        [agentUserId, likePattern(text)],
      );
      return r.rows.map(toCustomer);
    },

    /** The saved customer, only when it is `agentUserId`'s. */
    async get(id: number, agentUserId: number): Promise<AgentCustomer | undefined> {
      const r = await db.query<CustomerRow>("SELECT * FROM agent_customers WHERE id = $1 AND agent_user_id = $2", [id, agentUserId]);
      return r.rows[0] ? toCustomer(r.rows[0]) : undefined;
    },

    /** The saved customer of an agent for an ISP's account (and connection), if any. */
    async find(agentUserId: number, isp: string, account: string, connection: string | null): Promise<AgentCustomer | undefined> {
      const r = await db.query<CustomerRow>(
        "SELECT * FROM agent_customers WHERE agent_user_id = $1 AND isp = $2 AND account = $3 AND COALESCE(connection, '') = COALESCE($4, '')",
        [agentUserId, isp, account, connection],
      );
      return r.rows[0] ? toCustomer(r.rows[0]) : undefined;
    },

    /**
     * Saves a customer; an account saved before keeps its name and gets the phone and contact given
     * now (when given). Returns the customer and whether it is new.
     */
    async save(c: Omit<AgentCustomer, "id">): Promise<{ customer: AgentCustomer; created: boolean }> {
      const r = await db.query<CustomerRow & { created: boolean }>(
        `INSERT INTO agent_customers AS a (agent_user_id, name, isp, account, connection, phone, contact_user_id, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (agent_user_id, isp, account, COALESCE(connection, '')) DO UPDATE
           SET phone = COALESCE(EXCLUDED.phone, a.phone), contact_user_id = COALESCE(EXCLUDED.contact_user_id, a.contact_user_id),
               last_used_at = now()
         RETURNING a.*, (xmax = 0) AS created`,
        [c.agentUserId, c.name, c.isp, c.account, c.connection, c.phone, c.contactUserId],
      );
      const row = r.rows[0]!;
      return { customer: toCustomer(row), created: row.created };
    },

    async remove(id: number, agentUserId: number): Promise<boolean> {
      const r = await db.query("DELETE FROM agent_customers WHERE id = $1 AND agent_user_id = $2 RETURNING id", [id, agentUserId]);
      return r.rows.length === 1;
    },

    async touch(id: number): Promise<void> {
      await db.query("UPDATE agent_customers SET last_used_at = now() WHERE id = $1", [id]);
    },

    /** The ISPs of an agent's saved customers, most recently used first (the provider list shows them first). */
    async favouriteIsps(agentUserId: number): Promise<string[]> {
      const r = await db.query<{ isp: string }>(
        "SELECT isp FROM agent_customers WHERE agent_user_id = $1 GROUP BY isp ORDER BY MAX(last_used_at) DESC NULLS LAST, MAX(id) DESC LIMIT 4",
        [agentUserId],
      );
      return r.rows.map((x) => x.isp);
    },

    /** Records a confirmation shown to `userId`; its random id goes in the buttons. */
    async confirmation(kind: ConfirmationKind, userId: number, payload: Record<string, unknown>): Promise<string> {
      const id = randomBytes(9).toString("base64url");
      await db.query("INSERT INTO agent_confirmations (id, kind, user_id, payload) VALUES ($1, $2, $3, $4)", [id, kind, userId, JSON.stringify(payload)]);
      return id;
    },

    /**
     * Uses a confirmation: only `userId`'s own, of `kind`, still open and shown less than
     * `maxAgeSeconds` ago; once (a second press finds nothing). Its payload, or `undefined`.
     */
    async useConfirmation<T>(id: string, userId: number, kind: ConfirmationKind, maxAgeSeconds: number): Promise<T | undefined> {
      if (!CONFIRMATION_ID.test(id)) return undefined;
      const r = await db.query<{ payload: T }>(
        `UPDATE agent_confirmations SET state = 'used', decided_at = now()
          WHERE id = $1 AND user_id = $2 AND kind = $3 AND state = 'open' AND created_at > now() - make_interval(secs => $4)
          RETURNING payload`,
        [id, userId, kind, maxAgeSeconds],
      );
      return r.rows[0]?.payload;
    },

    /** Cancels `userId`'s open confirmation; false when there is none. */
    async cancelConfirmation(id: string, userId: number): Promise<boolean> {
      if (!CONFIRMATION_ID.test(id)) return false;
      const r = await db.query("UPDATE agent_confirmations SET state = 'cancelled', decided_at = now() WHERE id = $1 AND user_id = $2 AND state = 'open' RETURNING id", [id, userId]);
      return r.rows.length === 1;
    },

    /** Which of these payments' receipts were not handed to their customer yet. */
    async undelivered(paymentIds: number[]): Promise<number[]> {
      if (paymentIds.length === 0) return [];
      const r = await db.query<{ id: number }>(
        "SELECT id FROM unnest($1::bigint[]) AS p (id) WHERE NOT EXISTS (SELECT 1 FROM customer_receipts r WHERE r.payment_id = p.id) ORDER BY id",
        [paymentIds],
      );
      return r.rows.map((x) => Number(x.id));
    },

    /** Claims the delivery of a payment's receipt to a customer; only one caller gets true. */
    async claimReceipt(paymentId: number, toUserId: number): Promise<boolean> {
      const r = await db.query("INSERT INTO customer_receipts (payment_id, to_user_id) VALUES ($1, $2) ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id", [paymentId, toUserId]);
      return r.rows.length === 1;
    },

    /** Gives a claimed delivery back (sending failed), for a later attempt. */
    async unclaimReceipt(paymentId: number): Promise<void> {
      await db.query("DELETE FROM customer_receipts WHERE payment_id = $1", [paymentId]);
    },
  };
}

/** The agents' store. */
export type CustomerStore = ReturnType<typeof createCustomerStore>;
