/** The renewal's screens: the provider list, the account question, options, confirmation, outcome. */
import { InlineKeyboard } from "grammy";
import { type Balance, commissionOf, type Payment, type Receipt } from "../../../money/index.js";
import type { Isp, Lookup, Option } from "../../../providers/types.js";
import type { Draft } from "../../../store/drafts.js";
import { receiptLines } from "../../receipt.js";
import { backToMenu, navData, type Screen, screen, short, type Ui, UPSTREAM_TEXT } from "../../ui.js";
import { saveButton } from "../accounts/callbacks.js";
import { type DraftVerb, draftButton } from "./callbacks.js";

const step = (id: string, verb: DraftVerb, n = 0) => draftButton.encode({ id, verb, n });

/** The customer as the aggregator knows them. */
export function customerCard(ui: Ui, lookup: Lookup): string[] {
  const c = lookup.customer;
  return [
    c.name ? ui.t("card-name", { name: short(c.name, UPSTREAM_TEXT.name) }) : undefined,
    ui.t("card-account", { account: lookup.connection ? `${lookup.account} · ${lookup.connection}` : lookup.account }),
    c.plan ? ui.t("card-plan", { plan: short(c.plan, UPSTREAM_TEXT.plan) }) : undefined,
    c.status ? ui.t("card-status", { status: short(c.status, UPSTREAM_TEXT.status) }) : undefined,
    c.daysRemaining !== undefined ? ui.t("card-days", { days: c.daysRemaining }) : undefined,
    c.expiresOn ? ui.t("card-expires", { date: c.expiresOn }) : undefined,
    c.duePaisa ? ui.t("card-due", { amount: ui.money(c.duePaisa) }) : undefined,
    c.message ? ui.t("card-message", { message: short(c.message, UPSTREAM_TEXT.message) }) : undefined,
  ].filter((l): l is string => !!l);
}

export const OPTION_PAGE_SIZE = 8;

function optionLabel(ui: Ui, o: Option, label = o.label): string {
  const name = o.kind === "due" ? ui.t("option-due") : label;
  return `${o.current ? `${ui.t("current-mark")} ` : ""}${short(name, 64)} · ${ui.money(o.amountPaisa)}`;
}

interface Group {
  key: string;
  label: string;
  current: boolean;
  indexes: number[];
}

function groupsOf(lookup: Lookup): Group[] | undefined {
  if (!lookup.options.some((o) => o.group)) return undefined;
  const groups: Group[] = [];
  lookup.options.forEach((o, i) => {
    const g = o.group!;
    let group = groups.find((x) => x.key === g.key);
    if (!group) groups.push((group = { key: g.key, label: g.label, current: false, indexes: [] }));
    group.indexes.push(i);
    group.current ||= o.current === true;
  });
  return groups;
}

function pager(kb: InlineKeyboard, ui: Ui, draftId: string, page: number, pages: number): void {
  if (pages <= 1) return;
  kb.row()
    .text(ui.t("btn-prev"), step(draftId, "p", (page - 1 + pages) % pages))
    .text(ui.t("page-of", { page: page + 1, pages }), step(draftId, "p", page))
    .text(ui.t("btn-next"), step(draftId, "p", (page + 1) % pages));
}

/**
 * After a lookup: the customer card and what to do next: choose a connection (times), a package
 * (two-level families), or an option; or why nothing can be paid.
 */
export function optionsScreen(ui: Ui, draft: Draft, isp: Isp, page = 0): Screen {
  const lookup = draft.lookup!;
  const card = customerCard(ui, lookup);
  const cancel = () => kb.row().text(ui.t("btn-cancel"), step(draft.id, "x"));
  const kb = new InlineKeyboard();
  if (lookup.notPayable) {
    const key = lookup.notPayable.code === "first-payment-at-office" ? "not-payable-office" : "nothing-to-pay";
    return screen(ui, [...card, "", ui.t(key, { isp: isp.name, reason: short(lookup.notPayable.message, UPSTREAM_TEXT.message) })], backToMenu(ui));
  }
  if (!lookup.connection && (lookup.connections?.length ?? 0) > 1 && lookup.options.length === 0) {
    lookup.connections!.slice(0, 20).forEach((c, i) => {
      kb.text(short(`${c.username}${c.status ? ` (${c.status})` : ""}`, 64), step(draft.id, "c", i)).row();
    });
    cancel();
    return screen(ui, [...card, "", ui.t("choose-connection")], kb);
  }
  const groups = groupsOf(lookup);
  const items = groups ?? lookup.options;
  const pages = Math.max(1, Math.ceil(items.length / OPTION_PAGE_SIZE));
  const p = Math.min(Math.max(0, page), pages - 1);
  if (groups) {
    groups.slice(p * OPTION_PAGE_SIZE, (p + 1) * OPTION_PAGE_SIZE).forEach((g, n) => {
      const from = Math.min(...g.indexes.map((i) => lookup.options[i]!.amountPaisa));
      const label = `${g.current ? `${ui.t("current-mark")} ` : ""}${short(g.label, 60)} · ${ui.money(from)}+`;
      kb.text(label, step(draft.id, "g", p * OPTION_PAGE_SIZE + n)).row();
    });
  } else {
    lookup.options.slice(p * OPTION_PAGE_SIZE, (p + 1) * OPTION_PAGE_SIZE).forEach((o, n) => {
      kb.text(optionLabel(ui, o), step(draft.id, "o", p * OPTION_PAGE_SIZE + n)).row();
    });
  }
  pager(kb, ui, draft.id, p, pages);
  cancel();
  return screen(ui, [...card, "", ui.t(groups ? "choose-package" : "choose-option")], kb);
}

/** Second level of a two-level choice: the durations of one package. */
export function groupScreen(ui: Ui, draft: Draft, groupIndex: number): Screen | undefined {
  const lookup = draft.lookup!;
  const group = groupsOf(lookup)?.[groupIndex];
  if (!group) return undefined;
  const kb = new InlineKeyboard();
  for (const i of group.indexes) {
    const o = lookup.options[i]!;
    kb.text(optionLabel(ui, o, o.subLabel ?? o.label), step(draft.id, "o", i)).row();
  }
  kb.text(ui.t("btn-back"), step(draft.id, "p", Math.floor(groupIndex / OPTION_PAGE_SIZE)))
    .text(ui.t("btn-cancel"), step(draft.id, "x"));
  return screen(ui, [...customerCard(ui, lookup), "", ui.t("choose-duration", { package: group.label })], kb);
}

/** An agent's renewal for a customer, as its confirmation shows it. */
export interface ForCustomer {
  /** Who it is for. */
  label: string;
  /** The ISP's commission rate now, basis points. */
  rateBp: number;
}

/**
 * The confirmation: total, breakdown, wallet before and after; Pay or Cancel. An agent paying for
 * a customer (`forCustomer`) sees who it is for, their float instead of a wallet, and the commission.
 */
export function confirmScreen(ui: Ui, draft: Draft, isp: Isp, option: Option, balance: Balance, canInvoice: boolean, forCustomer?: ForCustomer): Screen {
  const lookup = draft.lookup!;
  // Pay and top-up name the option this screen shows: pressed after another option was chosen
  // elsewhere, they have expired instead of paying for the other one.
  const chosenAt = lookup.options.findIndex((o) => o.key === option.key);
  const short_ = option.amountPaisa - balance.availablePaisa;
  const commission = forCustomer ? commissionOf(option.amountPaisa, forCustomer.rateBp) : 0;
  const lines = [
    ui.t("confirm-title"),
    "",
    forCustomer ? ui.t("agent-confirm-for", { customer: short(forCustomer.label, UPSTREAM_TEXT.name) }) : undefined,
    ui.t("confirm-line-isp", { isp: isp.name, account: lookup.connection ? `${lookup.account} · ${lookup.connection}` : lookup.account }),
    lookup.customer.name ? ui.t("card-name", { name: short(lookup.customer.name, UPSTREAM_TEXT.name) }) : undefined,
    ui.t("confirm-line-option", { option: option.kind === "due" ? ui.t("option-due") : short(option.label, UPSTREAM_TEXT.plan) }),
    ...(option.breakdown ?? []).map((b) =>
      ui.t(b.kind === "due" ? "confirm-line-due" : "confirm-line-package", { amount: ui.money(b.amountPaisa) }),
    ),
    ui.t("confirm-total", { amount: ui.money(option.amountPaisa) }),
    commission > 0 ? ui.t("agent-confirm-commission", { amount: ui.money(commission), rate: percentOf(forCustomer!.rateBp) }) : undefined,
    "",
    forCustomer
      ? ui.t(short_ > 0 ? "agent-confirm-float-short" : "agent-confirm-float", {
          balance: ui.money(balance.availablePaisa),
          short: ui.money(Math.max(0, short_)),
          after: ui.money(balance.availablePaisa - option.amountPaisa),
        })
      : short_ > 0
        ? ui.t("confirm-short", { balance: ui.money(balance.availablePaisa), short: ui.money(short_) })
        : ui.t("confirm-balance", { balance: ui.money(balance.availablePaisa), after: ui.money(balance.availablePaisa - option.amountPaisa) }),
    short_ > 0 && !canInvoice && !forCustomer ? ui.t("short-agent") : undefined,
  ];
  const kb = new InlineKeyboard();
  if (short_ > 0) {
    if (canInvoice) kb.text(ui.t("btn-topup", { amount: ui.money(short_) }), step(draft.id, "top", chosenAt)).row();
    kb.text(ui.t("btn-pay", { amount: ui.money(option.amountPaisa) }), step(draft.id, "pay", chosenAt)).row();
  } else {
    kb.text(ui.t("btn-pay", { amount: ui.money(option.amountPaisa) }), step(draft.id, "pay", chosenAt)).row();
  }
  kb.text(ui.t("btn-back"), step(draft.id, "back")).text(ui.t("btn-cancel"), step(draft.id, "x"));
  return screen(ui, lines, kb);
}

/** Basis points as a percentage with two decimals ("1.50"). */
export function percentOf(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
}

/** The receipt after paying; `saveDraftId` adds "Save this account" when it is not saved yet. */
export function paidScreen(ui: Ui, r: Receipt, ispName: string, saveDraftId?: string): Screen {
  const keyboard = new InlineKeyboard();
  if (saveDraftId) keyboard.text(ui.t("btn-save"), saveButton.encode(saveDraftId)).row();
  keyboard.text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t("paid-title"), "", ...receiptLines(ui, r, ispName)], keyboard);
}

export function pendingScreen(ui: Ui, p: Payment): Screen {
  return screen(ui, [ui.t("pending", { amount: ui.money(p.amountPaisa), reference: p.reference })], backToMenu(ui));
}

/** The payer's earlier payment for this line is still submitted or pending: nothing new is paid. */
export function inFlightScreen(ui: Ui, account: string): Screen {
  return screen(ui, [ui.t("payment-in-flight", { account })], backToMenu(ui));
}

export function failedScreen(ui: Ui, reason: string): Screen {
  return screen(ui, [ui.t("failed", { reason: short(reason, UPSTREAM_TEXT.message) })], backToMenu(ui));
}

