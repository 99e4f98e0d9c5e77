/**
 * Invoices the bot issued for wallet top-ups (Telegram Payments). The invoice payload carries only
 * an invoice's random id; who it was issued to, its currency and amount are read from here, so a
 * payment is credited only for what was invoiced.
 */
import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/index.js";

/** An issued invoice. */
export interface Invoice {
  id: string;
  userId: number;
  chatId: number;
  draftId: string | null;
  currency: string;
  amountPaisa: number;
  state: "issued" | "paid";
}

interface Row {
  id: string;
  user_id: number;
  chat_id: number;
  draft_id: string | null;
  currency: string;
  amount_paisa: number;
  state: "issued" | "paid";
}

const toInvoice = (r: Row): Invoice => ({
  id: r.id,
  userId: Number(r.user_id),
  chatId: Number(r.chat_id),
  draftId: r.draft_id,
  currency: r.currency,
  amountPaisa: Number(r.amount_paisa),
  state: r.state,
});

/** What an invoice id looks like (checked before it reaches SQL). */
const INVOICE_ID = /^[A-Za-z0-9_-]{8,24}$/;

/** The payload of an invoice's message: `inv:<id>`. */
export const invoicePayload = {
  encode: (id: string) => `inv:${id}`,
  decode(payload: string): string | undefined {
    const [kind, id, ...rest] = payload.split(":");
    return kind === "inv" && rest.length === 0 && id !== undefined && INVOICE_ID.test(id) ? id : undefined;
  },
};

/** What a payment says it paid. */
export interface Paid {
  userId: number;
  payload: string;
  currency: string;
  amountPaisa: number;
}

/** Invoices over `db`. */
export function createInvoiceStore(db: Queryable) {
  return {
    async issue(args: { userId: number; chatId: number; draftId?: string; currency: string; amountPaisa: number }): Promise<Invoice> {
      const r = await db.query<Row>(
        "INSERT INTO topup_invoices (id, user_id, chat_id, draft_id, currency, amount_paisa) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
        [randomBytes(12).toString("base64url"), args.userId, args.chatId, args.draftId ?? null, args.currency, args.amountPaisa],
      );
      return toInvoice(r.rows[0]!);
    },

    /**
     * The invoice a payment (or a pre-checkout query) names, only when it was issued to that user, in
     * that currency, for exactly that amount; `undefined` for anything else.
     */
    async matching(p: Paid): Promise<Invoice | undefined> {
      const id = invoicePayload.decode(p.payload);
      if (!id || !Number.isSafeInteger(p.amountPaisa)) return undefined;
      const r = await db.query<Row>("SELECT * FROM topup_invoices WHERE id = $1 AND user_id = $2 AND currency = $3 AND amount_paisa = $4", [
        id,
        p.userId,
        p.currency,
        p.amountPaisa,
      ]);
      return r.rows[0] ? toInvoice(r.rows[0]) : undefined;
    },

    /** Records the charge that paid the invoice (the first charge only). */
    async markPaid(id: string, chargeId: string): Promise<void> {
      await db.query("UPDATE topup_invoices SET state = 'paid', charge_id = $2, paid_at = now() WHERE id = $1 AND state = 'issued'", [id, chargeId]);
    },
  };
}

/** The invoice store's interface. */
export type InvoiceStore = ReturnType<typeof createInvoiceStore>;
