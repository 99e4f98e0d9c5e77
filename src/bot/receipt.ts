/** A receipt as text: under the renewal's "paid", in history, and in a settled payment's notice. */
import type { Receipt } from "../money/index.js";
import { short, type Ui, UPSTREAM_TEXT } from "./ui.js";

/** The receipt's lines; `payerName` names the payer (an agent's shop) instead of their id. */
export function receiptLines(ui: Ui, r: Receipt, ispName: string, payerName?: string): string[] {
  return [
    ui.t("receipt-title", { number: String(r.number) }),
    ui.t("receipt-time", { time: r.issuedAtNepal }),
    ui.t("receipt-isp", { isp: ispName }),
    ui.t("receipt-account", { account: r.connection ? `${r.account} · ${r.connection}` : r.account }),
    r.customerName ? ui.t("receipt-customer", { name: short(r.customerName, UPSTREAM_TEXT.name) }) : undefined,
    ui.t("receipt-package", { package: short(r.package, UPSTREAM_TEXT.plan) }),
    ui.t("receipt-amount", { amount: ui.money(r.amountPaisa) }),
    ...(r.breakdown ?? []).map((b) => ui.t(b.kind === "due" ? "receipt-breakdown-due" : "receipt-breakdown-package", { amount: ui.money(b.amountPaisa) })),
    r.upstreamId ? ui.t("receipt-upstream", { id: String(r.upstreamId) }) : undefined,
    ui.t("receipt-reference", { reference: r.reference }),
    ui.t("receipt-paid-by", { payer: payerName ?? String(r.paidBy) }),
    ui.t("receipt-paid-for", { for: r.paidFor === "self" ? ui.t("receipt-self") : r.paidFor }),
  ].filter((l): l is string => !!l);
}

