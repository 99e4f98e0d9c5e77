/**
 * What the bot shows: each screen is text plus an inline keyboard, built from plain data and a
 * translator. No I/O here.
 */
import { InlineKeyboard } from "grammy";
import { formatRupees } from "../shared/amount.js";
import type { Balance, Movement, Payment, Receipt } from "../money/index.js";
import { ACCOUNT_RULES } from "../providers/catalog.js";
import type { Isp, Lookup, Option } from "../providers/types.js";
import type { SavedAccount } from "../store/accounts.js";
import type { Draft } from "../store/drafts.js";
import { type Callback, encode } from "./callbacks.js";

export type Args = Record<string, string | number>;

/** A translator bound to one user's language. */
export interface Ui {
  locale: "en" | "ne";
  t(key: string, args?: Args): string;
  money(paisa: number): string;
  /** The sandbox line on every screen, or "". */
  banner: string;
}

export interface Screen {
  text: string;
  keyboard?: InlineKeyboard;
}

export function makeUi(locale: string, t: (locale: string, key: string, args?: Args) => string, sandbox: boolean): Ui {
  const l = locale === "ne" ? "ne" : "en";
  return {
    locale: l,
    t: (key, args) => t(l, key, args),
    money: (paisa) => formatRupees(paisa, l),
    banner: sandbox ? t(l, "sandbox-banner") : "",
  };
}

const cb = (c: Callback) => encode(c);

function screen(ui: Ui, lines: (string | undefined | false)[], keyboard?: InlineKeyboard): Screen {
  const body = lines.filter((l): l is string => typeof l === "string" && l.length > 0).join("\n");
  const text = ui.banner ? `${ui.banner}\n\n${body}` : body;
  return { text: text.length > 4000 ? `${text.slice(0, 3990)}…` : text, keyboard };
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function mainMenu(ui: Ui, name?: string): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("menu-renew"), cb({ k: "menu", item: "renew" }))
    .row()
    .text(ui.t("menu-accounts"), cb({ k: "menu", item: "accounts" }))
    .text(ui.t("menu-wallet"), cb({ k: "menu", item: "wallet" }))
    .row()
    .text(ui.t("menu-history"), cb({ k: "menu", item: "history" }))
    .text(ui.t("menu-language"), cb({ k: "menu", item: "lang" }))
    .row()
    .text(ui.t("menu-help"), cb({ k: "menu", item: "help" }));
  return screen(ui, [name ? ui.t("welcome", { name }) : undefined, ui.t("menu-title")], kb);
}

const backToMenu = (ui: Ui) => new InlineKeyboard().text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));

export function help(ui: Ui): Screen {
  return screen(ui, [ui.t("help")], backToMenu(ui));
}

export function languageChoice(ui: Ui): Screen {
  const kb = new InlineKeyboard().text("English", cb({ k: "lang", locale: "en" })).text("नेपाली", cb({ k: "lang", locale: "ne" }));
  return screen(ui, [ui.t("language-choose")], kb);
}

export const ISP_PAGE_SIZE = 10;

/** Matches a typed filter against an ISP name, ignoring case, spaces and punctuation. */
export function ispMatches(isp: Isp, filter: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u0900-\u097f]/g, "");
  const f = norm(filter);
  return f.length > 0 && (norm(isp.name).includes(f) || norm(isp.id).includes(f));
}

/** The provider list: favourites (saved and recent) first, then everyone, paged; or a filtered list. */
export function ispPicker(ui: Ui, catalog: readonly Isp[], opts: { page: number; favourites: string[]; filter?: string }): Screen {
  const kb = new InlineKeyboard();
  if (opts.filter !== undefined) {
    const found = catalog.filter((i) => ispMatches(i, opts.filter!));
    if (found.length === 0) return screen(ui, [ui.t("isp-none", { filter: opts.filter })], backToMenu(ui));
    found.slice(0, 20).forEach((isp, n) => {
      kb.text(isp.name, cb({ k: "isp", id: isp.id }));
      if (n % 2 === 1) kb.row();
    });
    kb.row().text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
    return screen(ui, [ui.t("isp-pick-filtered", { filter: opts.filter })], kb);
  }
  const favourites = opts.favourites.map((id) => catalog.find((i) => i.id === id)).filter((i): i is Isp => !!i);
  const pages = Math.max(1, Math.ceil(catalog.length / ISP_PAGE_SIZE));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  if (page === 0) {
    for (const fav of favourites.slice(0, 4)) kb.text(ui.t("isp-recent", { name: fav.name }), cb({ k: "isp", id: fav.id })).row();
  }
  catalog.slice(page * ISP_PAGE_SIZE, (page + 1) * ISP_PAGE_SIZE).forEach((isp, n) => {
    kb.text(isp.name, cb({ k: "isp", id: isp.id }));
    if (n % 2 === 1) kb.row();
  });
  kb.row();
  if (pages > 1) {
    kb.text(ui.t("btn-prev"), cb({ k: "isp-page", page: (page - 1 + pages) % pages }))
      .text(ui.t("page-of", { page: page + 1, pages }), cb({ k: "isp-page", page }))
      .text(ui.t("btn-next"), cb({ k: "isp-page", page: (page + 1) % pages }))
      .row();
  }
  kb.text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
  return screen(ui, [ui.t("isp-pick")], kb);
}

export function accountPrompt(ui: Ui, isp: Isp): Screen {
  const rule = ACCOUNT_RULES[isp.routes[0]!.accountField];
  const key = rule.field === "customer_id" ? "ask-account-customer-id" : "ask-account-username";
  return screen(ui, [ui.t(key, { isp: isp.name, example: rule.example })]);
}

export function badAccount(ui: Ui, isp: Isp, input: string): string {
  const rule = ACCOUNT_RULES[isp.routes[0]!.accountField];
  const key = rule.field === "customer_id" ? "bad-account-customer-id" : "bad-account-username";
  return ui.t(key, { input: short(input, 40), example: rule.example });
}

/** The customer as the aggregator knows them. */
export function customerCard(ui: Ui, lookup: Lookup): string[] {
  const c = lookup.customer;
  return [
    c.name ? ui.t("card-name", { name: c.name }) : undefined,
    ui.t("card-account", { account: lookup.connection ? `${lookup.account} · ${lookup.connection}` : lookup.account }),
    c.plan ? ui.t("card-plan", { plan: c.plan }) : undefined,
    c.status ? ui.t("card-status", { status: c.status }) : undefined,
    c.daysRemaining !== undefined ? ui.t("card-days", { days: c.daysRemaining }) : undefined,
    c.expiresOn ? ui.t("card-expires", { date: c.expiresOn }) : undefined,
    c.duePaisa ? ui.t("card-due", { amount: ui.money(c.duePaisa) }) : undefined,
    c.message ? ui.t("card-message", { message: c.message }) : undefined,
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
    .text(ui.t("btn-prev"), cb({ k: "draft", id: draftId, verb: "p", n: (page - 1 + pages) % pages }))
    .text(ui.t("page-of", { page: page + 1, pages }), cb({ k: "draft", id: draftId, verb: "p", n: page }))
    .text(ui.t("btn-next"), cb({ k: "draft", id: draftId, verb: "p", n: (page + 1) % pages }));
}

/**
 * After a lookup: the customer card and what to do next: choose a connection (times), a package
 * (two-level families), or an option; or why nothing can be paid.
 */
export function optionsScreen(ui: Ui, draft: Draft, isp: Isp, page = 0): Screen {
  const lookup = draft.lookup!;
  const card = customerCard(ui, lookup);
  const cancel = () => kb.row().text(ui.t("btn-cancel"), cb({ k: "draft", id: draft.id, verb: "x", n: 0 }));
  const kb = new InlineKeyboard();
  if (lookup.notPayable) {
    const key = lookup.notPayable.code === "first-payment-at-office" ? "not-payable-office" : "nothing-to-pay";
    return screen(ui, [...card, "", ui.t(key, { isp: isp.name, reason: lookup.notPayable.message })], backToMenu(ui));
  }
  if (!lookup.connection && (lookup.connections?.length ?? 0) > 1 && lookup.options.length === 0) {
    lookup.connections!.slice(0, 20).forEach((c, i) => {
      kb.text(`${c.username}${c.status ? ` (${c.status})` : ""}`, cb({ k: "draft", id: draft.id, verb: "c", n: i })).row();
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
      kb.text(label, cb({ k: "draft", id: draft.id, verb: "g", n: p * OPTION_PAGE_SIZE + n })).row();
    });
  } else {
    lookup.options.slice(p * OPTION_PAGE_SIZE, (p + 1) * OPTION_PAGE_SIZE).forEach((o, n) => {
      kb.text(optionLabel(ui, o), cb({ k: "draft", id: draft.id, verb: "o", n: p * OPTION_PAGE_SIZE + n })).row();
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
    kb.text(optionLabel(ui, o, o.subLabel ?? o.label), cb({ k: "draft", id: draft.id, verb: "o", n: i })).row();
  }
  kb.text(ui.t("btn-back"), cb({ k: "draft", id: draft.id, verb: "p", n: Math.floor(groupIndex / OPTION_PAGE_SIZE) }))
    .text(ui.t("btn-cancel"), cb({ k: "draft", id: draft.id, verb: "x", n: 0 }));
  return screen(ui, [...customerCard(ui, lookup), "", ui.t("choose-duration", { package: group.label })], kb);
}

/** The confirmation: total, breakdown, wallet before and after; Pay or Cancel. */
export function confirmScreen(ui: Ui, draft: Draft, isp: Isp, option: Option, balance: Balance, canInvoice: boolean): Screen {
  const lookup = draft.lookup!;
  // Pay and top-up name the option this screen shows: pressed after another option was chosen
  // elsewhere, they have expired instead of paying for the other one.
  const chosenAt = lookup.options.findIndex((o) => o.key === option.key);
  const short_ = option.amountPaisa - balance.availablePaisa;
  const lines = [
    ui.t("confirm-title"),
    "",
    ui.t("confirm-line-isp", { isp: isp.name, account: lookup.connection ? `${lookup.account} · ${lookup.connection}` : lookup.account }),
    lookup.customer.name ? ui.t("card-name", { name: lookup.customer.name }) : undefined,
    ui.t("confirm-line-option", { option: option.kind === "due" ? ui.t("option-due") : option.label }),
    ...(option.breakdown ?? []).map((b) =>
      ui.t(b.kind === "due" ? "confirm-line-due" : "confirm-line-package", { amount: ui.money(b.amountPaisa) }),
    ),
    ui.t("confirm-total", { amount: ui.money(option.amountPaisa) }),
    "",
    short_ > 0
      ? ui.t("confirm-short", { balance: ui.money(balance.availablePaisa), short: ui.money(short_) })
      : ui.t("confirm-balance", { balance: ui.money(balance.availablePaisa), after: ui.money(balance.availablePaisa - option.amountPaisa) }),
    short_ > 0 && !canInvoice ? ui.t("short-agent") : undefined,
  ];
  const kb = new InlineKeyboard();
  if (short_ > 0) {
    if (canInvoice) kb.text(ui.t("btn-topup", { amount: ui.money(short_) }), cb({ k: "draft", id: draft.id, verb: "top", n: chosenAt })).row();
    kb.text(ui.t("btn-pay", { amount: ui.money(option.amountPaisa) }), cb({ k: "draft", id: draft.id, verb: "pay", n: chosenAt })).row();
  } else {
    kb.text(ui.t("btn-pay", { amount: ui.money(option.amountPaisa) }), cb({ k: "draft", id: draft.id, verb: "pay", n: chosenAt })).row();
  }
  kb.text(ui.t("btn-back"), cb({ k: "draft", id: draft.id, verb: "back", n: 0 })).text(ui.t("btn-cancel"), cb({ k: "draft", id: draft.id, verb: "x", n: 0 }));
  return screen(ui, lines, kb);
}

export function receiptLines(ui: Ui, r: Receipt, ispName: string): string[] {
  return [
    ui.t("receipt-title", { number: String(r.number) }),
    ui.t("receipt-time", { time: r.issuedAtNepal }),
    ui.t("receipt-isp", { isp: ispName }),
    ui.t("receipt-account", { account: r.connection ? `${r.account} · ${r.connection}` : r.account }),
    r.customerName ? ui.t("receipt-customer", { name: r.customerName }) : undefined,
    ui.t("receipt-package", { package: r.package }),
    ui.t("receipt-amount", { amount: ui.money(r.amountPaisa) }),
    ...(r.breakdown ?? []).map((b) => ui.t(b.kind === "due" ? "receipt-breakdown-due" : "receipt-breakdown-package", { amount: ui.money(b.amountPaisa) })),
    r.upstreamId ? ui.t("receipt-upstream", { id: String(r.upstreamId) }) : undefined,
    ui.t("receipt-reference", { reference: r.reference }),
    ui.t("receipt-paid-by", { payer: String(r.paidBy) }),
    ui.t("receipt-paid-for", { for: r.paidFor === "self" ? ui.t("receipt-self") : r.paidFor }),
  ].filter((l): l is string => !!l);
}

/** The receipt after paying; `saveDraftId` adds "Save this account" when it is not saved yet. */
export function paidScreen(ui: Ui, r: Receipt, ispName: string, saveDraftId?: string): Screen {
  const keyboard = new InlineKeyboard();
  if (saveDraftId) keyboard.text(ui.t("btn-save"), cb({ k: "save", id: saveDraftId })).row();
  keyboard.text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
  return screen(ui, [ui.t("paid-title"), "", ...receiptLines(ui, r, ispName)], keyboard);
}

export function receiptScreen(ui: Ui, r: Receipt, ispName: string): Screen {
  return screen(ui, receiptLines(ui, r, ispName), new InlineKeyboard().text(ui.t("btn-back"), cb({ k: "hist", page: 0 })));
}

export function pendingScreen(ui: Ui, p: Payment): Screen {
  return screen(ui, [ui.t("pending", { amount: ui.money(p.amountPaisa), reference: p.reference })], backToMenu(ui));
}

export function failedScreen(ui: Ui, reason: string): Screen {
  return screen(ui, [ui.t("failed", { reason })], backToMenu(ui));
}

export function plain(ui: Ui, text: string, keyboard?: InlineKeyboard): Screen {
  return screen(ui, [text], keyboard);
}

export function walletScreen(ui: Ui, balance: Balance, moves: Movement[], opts: { demo: boolean }): Screen {
  const kinds: Record<string, string> = { grant: "move-grant", topup: "move-topup", settle: "move-settle", adjust: "move-adjust" };
  const lines = [
    ui.t("wallet-title"),
    ui.t("wallet-balance", { amount: ui.money(balance.balancePaisa) }),
    balance.heldPaisa > 0 ? ui.t("wallet-held", { amount: ui.money(balance.heldPaisa) }) : undefined,
    ui.t("wallet-available", { amount: ui.money(balance.availablePaisa) }),
    "",
    moves.length > 0 ? ui.t("wallet-moves") : ui.t("wallet-no-moves"),
    ...moves.map((m) => `${m.at.slice(0, 10)} ${ui.t(kinds[m.kind] ?? "move-adjust", { amount: ui.money(Math.abs(m.amountPaisa)), memo: m.memo ?? "" })}`),
    "",
    ui.t("wallet-topup-how"),
  ];
  const kb = new InlineKeyboard();
  if (opts.demo) kb.text(ui.t("btn-demo-money", { amount: ui.money(DEMO_GRANT_PAISA) }), cb({ k: "demo" })).row();
  kb.text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
  return screen(ui, lines, kb);
}

export const DEMO_GRANT_PAISA = 1_000_000;

export const HISTORY_PAGE_SIZE = 5;

export function historyScreen(ui: Ui, payments: Payment[], page: number, hasMore: boolean, ispName: (id: string) => string): Screen {
  if (payments.length === 0 && page === 0) return screen(ui, [ui.t("history-empty")], backToMenu(ui));
  const kb = new InlineKeyboard();
  for (const p of payments) {
    const status = p.state === "succeeded" ? "status-succeeded" : p.state === "failed" ? "status-failed" : "status-pending";
    kb.text(
      ui.t("history-row", { status: ui.t(status), date: p.createdAt.slice(0, 10), isp: short(ispName(p.isp), 20), amount: ui.money(p.amountPaisa) }),
      cb({ k: "rcpt", id: p.id }),
    ).row();
  }
  if (page > 0) kb.text(ui.t("btn-prev"), cb({ k: "hist", page: page - 1 }));
  if (hasMore) kb.text(ui.t("btn-next"), cb({ k: "hist", page: page + 1 }));
  kb.row().text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
  return screen(ui, [ui.t("history-title", { page: page + 1 })], kb);
}

export function accountsScreen(ui: Ui, saved: SavedAccount[], ispName: (id: string) => string): Screen {
  if (saved.length === 0) return screen(ui, [ui.t("accounts-empty")], backToMenu(ui));
  const kb = new InlineKeyboard();
  for (const a of saved.slice(0, 30)) {
    kb.text(ui.t("account-row", { name: a.name, isp: ispName(a.isp), account: a.connection ?? a.account }), cb({ k: "acc", id: a.id, verb: "open" })).row();
  }
  kb.text(ui.t("menu-back"), cb({ k: "menu", item: "home" }));
  return screen(ui, [ui.t("accounts-title")], kb);
}

export function accountActions(ui: Ui, a: SavedAccount, ispName: string): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("btn-renew-this"), cb({ k: "acc", id: a.id, verb: "renew" }))
    .row()
    .text(ui.t("btn-rename"), cb({ k: "acc", id: a.id, verb: "ren" }))
    .text(ui.t("btn-remove"), cb({ k: "acc", id: a.id, verb: "del" }))
    .row()
    .text(ui.t("btn-back"), cb({ k: "menu", item: "accounts" }));
  return screen(ui, [ui.t("account-actions", { name: a.name, isp: ispName, account: a.connection ? `${a.account} · ${a.connection}` : a.account })], kb);
}
