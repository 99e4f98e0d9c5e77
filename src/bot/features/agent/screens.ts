/** Agents' screens: paying for a customer, saved customers, cash-in and commission confirmations. */
import { InlineKeyboard } from "grammy";
import type { AgentSettings } from "../../../config.js";
import type { Balance } from "../../../money/index.js";
import { type AgentCustomer, CUSTOMER_PAGE_SIZE } from "../../../store/customers.js";
import { backToMenu, navData, type Screen, screen, short, type Ui } from "../../ui.js";
import { percentOf } from "../renew/screens.js";
import { agentButton, cashInButton, commissionButton, customerButton } from "./callbacks.js";

/** A saved customer on a button: name · ISP · account. */
const customerRow = (ui: Ui, c: AgentCustomer, ispName: (id: string) => string) =>
  ui.t("customer-row", { name: short(c.name, 30), isp: short(ispName(c.isp), 20), account: short(c.connection ?? c.account, 24) });

/** "Pay for a customer": the float, today's use of the limit, recent customers (one tap renews), a new one. */
export function agentHome(
  ui: Ui,
  args: { float: Balance; usedPaisa: number; limits: AgentSettings; recent: AgentCustomer[]; ispName: (id: string) => string },
): Screen {
  const kb = new InlineKeyboard().text(ui.t("btn-new-customer"), agentButton.encode({ verb: "new" })).row();
  for (const c of args.recent.slice(0, 4)) kb.text(customerRow(ui, c, args.ispName), customerButton.encode({ verb: "r", id: c.id })).row();
  kb.text(ui.t("menu-customers"), navData("customers")).text(ui.t("menu-back"), navData("home"));
  return screen(
    ui,
    [
      ui.t("agent-home-title"),
      "",
      ui.t("agent-float", { amount: ui.money(args.float.availablePaisa) }),
      ui.t("agent-today", { used: ui.money(args.usedPaisa), limit: ui.money(args.limits.payDayPaisa), max: ui.money(args.limits.payMaxPaisa) }),
      "",
      ui.t(args.recent.length > 0 ? "agent-home-pick" : "agent-home-new"),
    ],
    kb,
  );
}

/** The customer's phone or contact, asked after the account (Skip is a button). */
export function customerPrompt(ui: Ui): Screen {
  return screen(ui, [ui.t("agent-ask-customer")], new InlineKeyboard().text(ui.t("btn-skip"), agentButton.encode({ verb: "skip" })));
}

/** Saved customers, a page at a time: a tap renews (mode "r") or removes (mode "x"). */
export function customersScreen(
  ui: Ui,
  args: { customers: AgentCustomer[]; total: number; page: number; mode: "r" | "x"; ispName: (id: string) => string; note?: string },
): Screen {
  if (args.total === 0) {
    const kb = new InlineKeyboard().text(ui.t("btn-new-customer"), agentButton.encode({ verb: "new" })).row().text(ui.t("menu-back"), navData("home"));
    return screen(ui, [args.note, ui.t("customers-empty")], kb);
  }
  const kb = new InlineKeyboard();
  for (const c of args.customers) {
    const label = customerRow(ui, c, args.ispName);
    kb.text(args.mode === "x" ? `🗑 ${label}` : label, customerButton.encode({ verb: args.mode, id: c.id })).row();
  }
  const pages = Math.max(1, Math.ceil(args.total / CUSTOMER_PAGE_SIZE));
  if (pages > 1) {
    const at = (page: number) => customerButton.encode({ verb: "l", mode: args.mode, page });
    kb.text(ui.t("btn-prev"), at((args.page - 1 + pages) % pages))
      .text(ui.t("page-of", { page: args.page + 1, pages }), at(args.page))
      .text(ui.t("btn-next"), at((args.page + 1) % pages))
      .row();
  }
  kb.text(ui.t("btn-search"), customerButton.encode({ verb: "q" }));
  if (args.mode === "r") kb.text(ui.t("btn-remove-customers"), customerButton.encode({ verb: "l", mode: "x", page: 0 }));
  else kb.text(ui.t("btn-done"), customerButton.encode({ verb: "l", mode: "r", page: 0 }));
  kb.row().text(ui.t("btn-new-customer"), agentButton.encode({ verb: "new" })).text(ui.t("menu-back"), navData("home"));
  return screen(ui, [args.note, ui.t(args.mode === "x" ? "customers-title-remove" : "customers-title", { count: args.total })], kb);
}

/** The search's question. */
export function searchPrompt(ui: Ui): Screen {
  return screen(ui, [ui.t("customers-search-ask")]);
}

/** The customers a search found (one tap renews). */
export function searchResults(ui: Ui, text: string, found: AgentCustomer[], ispName: (id: string) => string): Screen {
  const kb = new InlineKeyboard();
  for (const c of found) kb.text(customerRow(ui, c, ispName), customerButton.encode({ verb: "r", id: c.id })).row();
  kb.text(ui.t("btn-search"), customerButton.encode({ verb: "q" })).text(ui.t("menu-customers"), navData("customers")).row();
  kb.text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t(found.length > 0 ? "customers-found" : "customers-none", { text: short(text, 40), count: found.length })], kb);
}

/** A cash-in to confirm: both names and the amount, the float before and after. */
export function cashInConfirm(
  ui: Ui,
  args: { id: string; agent: string; customer: string; customerId: number; amountPaisa: number; float: Balance },
): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("btn-cashin-confirm", { amount: ui.money(args.amountPaisa) }), cashInButton.encode({ id: args.id, ok: true }))
    .row()
    .text(ui.t("btn-cancel"), cashInButton.encode({ id: args.id, ok: false }));
  return screen(
    ui,
    [
      ui.t("cashin-confirm-title"),
      "",
      ui.t("cashin-from", { agent: short(args.agent, 60), float: ui.money(args.float.availablePaisa) }),
      ui.t("cashin-to", { customer: short(args.customer, 60), id: String(args.customerId) }),
      ui.t("cashin-amount", { amount: ui.money(args.amountPaisa) }),
      "",
      ui.t("cashin-effect", {
        customer: short(args.customer, 60),
        amount: ui.money(args.amountPaisa),
        after: ui.money(args.float.availablePaisa - args.amountPaisa),
      }),
    ],
    kb,
  );
}

/** A commission rate to confirm (admins): the ISP, the rate now and the new one. */
export function commissionConfirm(ui: Ui, args: { id: string; isp: string; beforeBp: number; rateBp: number }): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("btn-commission-confirm", { rate: percentOf(args.rateBp) }), commissionButton.encode({ id: args.id, ok: true }))
    .row()
    .text(ui.t("btn-cancel"), commissionButton.encode({ id: args.id, ok: false }));
  return screen(ui, [ui.t("commission-confirm", { isp: args.isp, before: percentOf(args.beforeBp), rate: percentOf(args.rateBp) })], kb);
}

/** The commission rates set so far, and how to set one. */
export function commissionList(ui: Ui, rates: { isp: string; rateBp: number; setBy: string; setAt: string }[], ispName: (id: string) => string): Screen {
  const lines = rates.map((r) => ui.t("commission-row", { isp: ispName(r.isp), rate: percentOf(r.rateBp), by: r.setBy, at: r.setAt.slice(0, 10) }));
  return screen(ui, [ui.t("commission-title"), ...(lines.length > 0 ? lines : [ui.t("commission-none")]), "", ui.t("commission-usage")], backToMenu(ui));
}
