/**
 * Renewal drafts: the server-side half of a renewal dialogue. Buttons carry only a draft's opaque
 * id and an index; the lookup, the chosen option, the amount and the owner are read from here.
 */
import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/index.js";
import type { Lookup } from "../providers/types.js";

type DraftState = "open" | "confirming" | "paying" | "done" | "cancelled";

/**
 * Who an agent's renewal is for (the agent pays from their float). A shared contact's `userId` is
 * only where the receipt goes; it never decides who pays or is paid.
 */
export interface DraftCustomer {
  name?: string;
  phone?: string;
  userId?: number;
  /** The agent's saved customer it came from. */
  savedId?: number;
}

/** A renewal in progress. */
export interface Draft {
  id: string;
  userId: number;
  chatId: number;
  isp: string;
  account: string;
  lookup: Lookup | null;
  optionKey: string | null;
  intentKey: string | null;
  invoicePaisa: number | null;
  state: DraftState;
  paymentId: number | null;
  /** Set when an agent pays for a customer; null for the user's own renewal. */
  customer: DraftCustomer | null;
  /** Last change, ISO. */
  updatedAt: string;
}

interface Row {
  id: string;
  user_id: number;
  chat_id: number;
  isp: string;
  account: string;
  lookup: Lookup | null;
  option_key: string | null;
  intent_key: string | null;
  invoice_paisa: number | null;
  state: DraftState;
  payment_id: number | null;
  customer: DraftCustomer | null;
  updated_at: Date;
}

const toDraft = (r: Row): Draft => ({
  id: r.id,
  userId: r.user_id,
  chatId: r.chat_id,
  isp: r.isp,
  account: r.account,
  lookup: r.lookup,
  optionKey: r.option_key,
  intentKey: r.intent_key,
  invoicePaisa: r.invoice_paisa,
  state: r.state,
  paymentId: r.payment_id,
  customer: r.customer ?? null,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** 12 random URL-safe characters. */
const newDraftId = () => randomBytes(9).toString("base64url");

/** What a draft id looks like (button data and invoice payloads are checked before they reach SQL). */
export const DRAFT_ID = /^[A-Za-z0-9_-]{8,24}$/;
const isDraftId = (id: string) => DRAFT_ID.test(id);
/** Whether `n` can be an index into a lookup's options. */
const isIndex = (n: number) => Number.isInteger(n) && n >= 0;

/** Every column but the lookup, for statements whose caller already holds the lookup it wrote. */
const WITHOUT_LOOKUP = "id, user_id, chat_id, isp, account, option_key, intent_key, invoice_paisa, state, payment_id, updated_at";

/** Renewal drafts over `db`. */
export function createDraftStore(db: Queryable) {
  return {
    /** A new draft; with `customer`, an agent's renewal for that customer. */
    async create(args: { userId: number; chatId: number; isp: string; account: string; lookup: Lookup; customer?: DraftCustomer }): Promise<Draft> {
      // A user's own renewal names no customer column (the statement is the same as before agents).
      const values = [newDraftId(), args.userId, args.chatId, args.isp, args.account, JSON.stringify(args.lookup)];
      const r = args.customer
        ? await db.query<Row>(
            `INSERT INTO renewal_drafts (id, user_id, chat_id, isp, account, lookup, customer) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${WITHOUT_LOOKUP}`,
            [...values, JSON.stringify(args.customer)],
          )
        : await db.query<Row>(`INSERT INTO renewal_drafts (id, user_id, chat_id, isp, account, lookup) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WITHOUT_LOOKUP}`, values);
      return toDraft({ ...r.rows[0]!, lookup: args.lookup, customer: args.customer ?? null });
    },

    /** The draft, only when it belongs to `userId` (a button pressed by someone else finds nothing). */
    async get(id: string, userId: number): Promise<Draft | undefined> {
      if (!isDraftId(id)) return undefined;
      const r = await db.query<Row>("SELECT * FROM renewal_drafts WHERE id = $1 AND user_id = $2", [id, userId]);
      return r.rows[0] ? toDraft(r.rows[0]) : undefined;
    },

    /** A fresh lookup for `userId`'s draft (options chosen before are dropped); the draft after. */
    async setLookup(id: string, userId: number, lookup: Lookup): Promise<Draft | undefined> {
      const r = await db.query<Row>(
        `UPDATE renewal_drafts SET lookup = $3, option_key = NULL, intent_key = NULL, state = 'open', updated_at = now()
          WHERE id = $1 AND user_id = $2 RETURNING ${WITHOUT_LOOKUP}, customer`,
        [id, userId, JSON.stringify(lookup)],
      );
      return r.rows[0] ? toDraft({ ...r.rows[0], lookup }) : undefined;
    },

    /**
     * Option `n` of the draft's lookup chosen by `userId`: recorded with the intent key its Pay
     * button will use, in the same statement that checks the draft is theirs, choosable, payable and
     * not idle for longer than `idleSeconds`. The draft after, or `undefined`.
     */
    async choose(id: string, userId: number, n: number, idleSeconds: number): Promise<Draft | undefined> {
      if (!isDraftId(id) || !isIndex(n)) return undefined;
      const r = await db.query<Row>(
        `UPDATE renewal_drafts
            SET option_key = lookup->'options'->$3::int->>'key',
                intent_key = id || ':' || (lookup->'options'->$3::int->>'key') || ':' || $5,
                state = 'confirming', updated_at = now()
          WHERE id = $1 AND user_id = $2 AND state IN ('open', 'confirming') AND lookup IS NOT NULL
            AND lookup->'notPayable' IS NULL AND lookup->'options'->$3::int->>'key' IS NOT NULL
            AND updated_at > now() - make_interval(secs => $4)
          RETURNING *`,
        [id, userId, n, idleSeconds, randomBytes(4).toString("hex")],
      );
      return r.rows[0] ? toDraft(r.rows[0]) : undefined;
    },

    /**
     * Pay pressed on option `n`: the draft moves to `paying` only when it is `userId`'s, `n` is still
     * its chosen option and it is not idle for longer than `idleSeconds` (no limit when null). One
     * statement also says what state it was in (`paying` already: a double tap) and whether the
     * account is among the user's saved ones (the receipt offers to save it when not).
     */
    async startPaying(
      id: string,
      userId: number,
      n: number,
      idleSeconds: number | null,
    ): Promise<{ draft: Draft; was: DraftState; saved: boolean } | undefined> {
      if (!isDraftId(id) || !isIndex(n)) return undefined;
      const r = await db.query<Row & { was: DraftState; saved: boolean }>(
        `UPDATE renewal_drafts d SET state = 'paying', updated_at = now()
           FROM (SELECT id, state FROM renewal_drafts WHERE id = $1 AND user_id = $2 FOR UPDATE) old
          WHERE d.id = old.id AND d.state IN ('confirming', 'paying') AND d.intent_key IS NOT NULL
            AND d.lookup->'options'->$3::int->>'key' = d.option_key
            AND ($4::float8 IS NULL OR d.updated_at > now() - make_interval(secs => $4::float8))
          RETURNING d.*, old.state AS was,
            EXISTS (SELECT 1 FROM saved_accounts s WHERE s.user_id = d.user_id AND s.isp = d.isp AND s.account = d.account
                       AND COALESCE(s.connection, '') = COALESCE(d.lookup->>'connection', '')) AS saved`,
        [id, userId, n, idleSeconds],
      );
      const row = r.rows[0];
      return row ? { draft: toDraft(row), was: row.was, saved: row.saved } : undefined;
    },

    async finish(id: string, state: "done" | "cancelled" | "confirming", paymentId?: number): Promise<void> {
      await db.query("UPDATE renewal_drafts SET state = $2, payment_id = COALESCE($3, payment_id), updated_at = now() WHERE id = $1", [id, state, paymentId ?? null]);
    },

    /**
     * The draft a button refers to, only when it is `userId`'s, in one of `states`, looked up, and
     * not idle for longer than `idleSeconds`; marks it as just used. One statement for both.
     */
    async claim(id: string, userId: number, states: DraftState[], idleSeconds: number): Promise<Draft | undefined> {
      if (!isDraftId(id)) return undefined;
      const r = await db.query<Row>(
        `UPDATE renewal_drafts SET updated_at = now()
          WHERE id = $1 AND user_id = $2 AND state = ANY($3) AND lookup IS NOT NULL
            AND updated_at > now() - make_interval(secs => $4)
          RETURNING *`,
        [id, userId, states, idleSeconds],
      );
      return r.rows[0] ? toDraft(r.rows[0]) : undefined;
    },

    /** Cancels every open draft of a user (a dialogue closed by /cancel or idleness); how many. */
    async cancelOpen(userId: number): Promise<number> {
      const r = await db.query("UPDATE renewal_drafts SET state = 'cancelled', updated_at = now() WHERE user_id = $1 AND state IN ('open', 'confirming') RETURNING id", [userId]);
      return r.rows.length;
    },

    /**
     * Removes the stored lookup (the customer's name, plan, options: personal data) of every draft
     * last used more than `retentionDays` ago: finished ones (done, cancelled) and ones left open,
     * which are cancelled (no button or invoice of theirs works any more). The row stays, without
     * it. Returns how many drafts lost their lookup; a second call at once finds none.
     */
    async purge(retentionDays: number): Promise<number> {
      if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError("retentionDays must be a whole number of days, at least 1");
      const r = await db.query(
        `UPDATE renewal_drafts
            SET lookup = NULL, option_key = NULL, invoice_paisa = NULL,
                state = CASE WHEN state IN ('open', 'confirming') THEN 'cancelled' ELSE state END
          WHERE lookup IS NOT NULL AND updated_at < now() - make_interval(days => $1::int)
          RETURNING id`,
        [retentionDays],
      );
      return r.rows.length;
    },

  };
}

/** The drafts store. */
export type DraftStore = ReturnType<typeof createDraftStore>;
