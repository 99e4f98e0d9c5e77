/** Receipts: one per succeeded payment, numbered in the order payments settled. */
import type { Queryable } from "../db/index.js";
import { type Payment, paymentColumns, type PaymentRow, toPayment } from "./payments.js";
import type { Paisa } from "../shared/amount.js";

/** What a receipt shows of a succeeded payment. */
export interface Receipt {
  number: number;
  /** ISO time the payment settled. */
  issuedAt: string;
  /** The same moment in Nepal: "2026-11-23 09:30:12 (Asia/Kathmandu)". */
  issuedAtNepal: string;
  isp: { id: string; name: string };
  account: string;
  connection: string | null;
  customerName: string | null;
  package: string;
  amountPaisa: Paisa;
  breakdown: { kind: string; label: string; amountPaisa: Paisa }[] | null;
  upstreamId: string | null;
  reference: string;
  via: string;
  paidBy: number;
  paidFor: string;
}

const nepalTime = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Kathmandu",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** "2026-11-23 09:30:12 (Asia/Kathmandu)" */
function formatNepalTime(iso: string | Date): string {
  const parts = Object.fromEntries(nepalTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} (Asia/Kathmandu)`;
}

/**
 * The receipt of a succeeded payment, or `undefined` when it has none (not succeeded). `ispName`
 * names the payment's ISP (the money core has no catalogue of its own).
 */
export async function receiptFor(q: Queryable, paymentId: number, ispName: (id: string) => string): Promise<Receipt | undefined> {
  const r = await q.query<PaymentRow & { number: number; issued_at: Date }>(
    `SELECT r.number, r.issued_at, ${paymentColumns("p")} FROM receipts r JOIN payments p ON p.id = r.payment_id WHERE r.payment_id = $1`,
    [paymentId],
  );
  const row = r.rows[0];
  return row ? receiptOf(toPayment(row), row.number, row.issued_at, ispName(row.isp)) : undefined;
}

/** The receipt numbered `number`, issued at `issuedAt`, of the succeeded payment `p` to the ISP named `ispName`. */
export function receiptOf(p: Payment, number: number, issuedAt: Date | string, ispName: string): Receipt {
  const iso = new Date(issuedAt).toISOString();
  return {
    number,
    issuedAt: iso,
    issuedAtNepal: formatNepalTime(iso),
    isp: { id: p.isp, name: ispName },
    account: p.account,
    connection: p.connection,
    customerName: p.customerName,
    package: p.optionLabel,
    amountPaisa: p.amountPaisa,
    breakdown: p.breakdown,
    upstreamId: p.upstreamId,
    reference: p.reference,
    via: p.route.aggregator,
    paidBy: p.payerUserId,
    paidFor: p.beneficiary,
  };
}
